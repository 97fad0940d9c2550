// Digest Lambda (weekly, Monday morning China time): sends each office the digest of the week just ended,
// through SES or an SMTP relay, once per office and week (retries and doubled invocations skip what was sent).
import { type DigestWeek, previousWeek, weekNamed } from "../../shared/mail/digest-content.ts";
import { type DigestRunResult, sendWeeklyDigests } from "../../shared/mail/digest-send.ts";
import { scheduledInstant } from "../../shared/rules/deadline.ts";
import { ConfigError } from "../config.ts";
import type { LambdaContext } from "../lambda-types.ts";
import { mailWiringFromEnv } from "../mail-wiring.ts";

/** From the schedule: its time; by hand: `week` (any day of it, YYYY-MM-DD) to send a given week's. */
export interface DigestEvent {
  scheduledAt?: string;
  week?: string;
}

/** No office is started with less than this left: its claim would otherwise wait out its lease. */
export const DIGEST_TIME_RESERVE_MS = 60_000;

export interface DigestHandlerDeps {
  send(week: DigestWeek, shouldStop: () => boolean): Promise<DigestRunResult>;
  now?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
}

export function makeHandler(deps: DigestHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (
    event: DigestEvent = {},
    context?: LambdaContext,
  ): Promise<DigestRunResult & { week: string }> => {
    // By hand, the week named; scheduled, the week before the scheduled time (a retry covers the same).
    const at = scheduledInstant(event.scheduledAt, deps.now);
    const week = event.week === undefined ? previousWeek(at) : weekNamed(event.week);
    if (!week) throw new ConfigError(`digest event: week must be a date YYYY-MM-DD, got "${event.week}"`);
    const shouldStop = () =>
      (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) < DIGEST_TIME_RESERVE_MS;
    const result = await deps.send(week, shouldStop);
    log({ event: "digests-sent", week: week.start, ...result, errors: result.errors.slice(0, 20) });
    // Failed offices were given back and deferred ones never claimed: a retry sends those, and only those.
    if (result.failed > 0 || result.deferred > 0)
      throw new Error(
        `${result.failed} digests failed and ${result.deferred} were not started for the week of ${week.start}`,
      );
    return { ...result, week: week.start };
  };
}

function buildDefault() {
  const { repo, transport, from, loadRegistry } = mailWiringFromEnv();
  return makeHandler({
    send: async (week, shouldStop) =>
      sendWeeklyDigests(repo, transport, await loadRegistry(), { week, from, shouldStop }),
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: DigestEvent, context?: LambdaContext) => {
  cached ??= buildDefault();
  return cached(event, context);
};
