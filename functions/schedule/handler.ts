// Schedule Lambda (EventBridge Scheduler): reads the registry, mirrors it into the table (the bureaus and
// offices the API and digests look up; one read when unchanged), and enqueues one crawl message per bureau.
import { S3Client } from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Registry } from "../../shared/domain/registry.ts";
import { chinaToday } from "../../shared/rules/deadline.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { type CrawlMessage, loadRegistryFrom, readEnv, scheduleEnvSchema } from "../config.ts";

/** The payload the schedule sends (`<aws.scheduler.scheduled-time>` filled in by EventBridge Scheduler). */
export interface ScheduleEvent {
  scheduledAt?: string;
}

export interface ScheduleHandlerDeps {
  loadRegistry(): Promise<Registry>;
  /** The repository's syncDirectory: as the local cycle does before crawling. */
  syncDirectory(registry: Pick<Registry, "offices" | "bureaus">): Promise<unknown>;
  /** Sends up to 10 message bodies; returns how many failed. */
  sendBatch(bodies: { id: string; body: string }[]): Promise<number>;
  now?: () => Date;
}

export function makeHandler(deps: ScheduleHandlerDeps) {
  return async (
    event: ScheduleEvent = {},
  ): Promise<{ enqueued: number; failed: number; cycleAt: string }> => {
    const registry = await deps.loadRegistry();
    await deps.syncDirectory(registry);
    // The scheduled time, not "now": a retried invocation then belongs to the same cycle.
    const scheduled = event.scheduledAt ? new Date(event.scheduledAt) : undefined;
    const at =
      scheduled && !Number.isNaN(scheduled.getTime()) ? scheduled : (deps.now ?? (() => new Date()))();
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
    for (let i = 0; i < messages.length; i += 10) failed += await deps.sendBatch(messages.slice(i, i + 10));
    // A partial failure must be visible (and retried by the scheduler's retry policy).
    if (failed > 0) throw new Error(`${failed} of ${messages.length} crawl messages could not be enqueued`);
    return { enqueued: messages.length, failed, cycleAt };
  };
}

function buildDefault() {
  const env = readEnv(scheduleEnvSchema);
  const s3 = new S3Client({});
  const sqs = new SQSClient({});
  const repo = createRepository({ doc: createDocumentClient().doc, tableName: env.TABLE_NAME });
  return makeHandler({
    loadRegistry: () => loadRegistryFrom(env.REGISTRY, s3, env.BUCKET_NAME),
    syncDirectory: (registry) => repo.syncDirectory(registry),
    async sendBatch(entries) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env.QUEUE_URL,
          Entries: entries.map((e) => ({ Id: e.id, MessageBody: e.body })),
        }),
      );
      return out.Failed?.length ?? 0;
    },
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: ScheduleEvent) => {
  cached ??= buildDefault();
  return cached(event);
};
