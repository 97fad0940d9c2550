// A cycle's start: one message per bureau, every message of the cycle naming the same instant, so the
// crawl of each bureau (wherever and however often it runs) belongs to that cycle.
import { z } from "zod";
import type { Bureau, Registry } from "../domain/registry.ts";
import { bureauSchema } from "../registry/schema.ts";
import { chinaToday, scheduledInstant } from "../rules/deadline.ts";

/** One queue message = one bureau to crawl in one cycle. */
export const crawlMessageSchema = z.strictObject({
  bureau: bureauSchema,
  /** The cycle's start (ISO instant): identical for every bureau of a cycle, and across retries. */
  cycleAt: z.iso.datetime(),
  /** YYYY-MM-DD in China time: the day deadlines are judged against. */
  today: z.iso.date(),
  resolve: z.record(z.string(), z.string()).optional(),
  allowPrivateNetwork: z.boolean().optional(),
});
export type CrawlMessage = z.infer<typeof crawlMessageSchema> & { bureau: Bureau };

/** SQS takes at most ten messages a batch. */
const BATCH_SIZE = 10;

export interface CycleStartDeps {
  loadRegistry(): Promise<Registry>;
  /** Mirrors the registry's bureaus and offices into the store, as the local cycle does before crawling. */
  syncDirectory(registry: Pick<Registry, "offices" | "bureaus">): Promise<unknown>;
  /** Sends up to ten message bodies; returns how many failed. */
  sendBatch(bodies: { id: string; body: string }[]): Promise<number>;
  now?: () => Date;
}

/**
 * Starts a cycle: the registry mirrored, a message per bureau enqueued. `scheduledAt` (the schedule's
 * own time, not "now") makes a retried start the same cycle. Throws when any message could not be sent,
 * so the scheduler's retry policy sends the cycle again rather than leaving bureaus out unseen.
 */
export async function startCycle(
  deps: CycleStartDeps,
  scheduledAt?: string,
): Promise<{ enqueued: number; failed: number; cycleAt: string }> {
  const registry = await deps.loadRegistry();
  await deps.syncDirectory(registry);
  const at = scheduledInstant(scheduledAt, deps.now);
  const cycleAt = at.toISOString();
  const messages = registry.bureaus.map((bureau, i) => {
    const message: CrawlMessage = {
      bureau,
      cycleAt,
      today: chinaToday(at),
      resolve: registry.resolve,
      allowPrivateNetwork: registry.allowPrivateNetwork,
    };
    return { id: String(i), body: JSON.stringify(message) };
  });
  let failed = 0;
  for (let i = 0; i < messages.length; i += BATCH_SIZE)
    failed += await deps.sendBatch(messages.slice(i, i + BATCH_SIZE));
  if (failed > 0) throw new Error(`${failed} of ${messages.length} crawl messages could not be enqueued`);
  return { enqueued: messages.length, failed, cycleAt };
}
