import { describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config.ts";
import { DIGEST_TIME_RESERVE_MS, makeHandler } from "../../functions/digest/handler.ts";
import type { DigestRunResult, DigestWeek } from "../../shared/mail/index.ts";

function handlerRecording(over: Partial<DigestRunResult> = {}) {
  const result: DigestRunResult = { sent: 2, failed: 0, skipped: 1, deferred: 0, errors: [], ...over };
  const weeks: DigestWeek[] = [];
  const stops: boolean[] = [];
  const logs: Record<string, unknown>[] = [];
  const handler = makeHandler({
    send: async (week, shouldStop) => {
      weeks.push(week);
      stops.push(shouldStop());
      return result;
    },
    now: () => new Date("2026-12-09T03:00:00Z"),
    log: (entry) => logs.push(entry),
  });
  return { handler, weeks, stops, logs };
}

describe("digest handler", () => {
  it("sends the week that ended before the scheduled time, so a late retry covers the same week", async () => {
    const { handler, weeks, logs } = handlerRecording();
    // Monday 08:00 China time (00:00 UTC), retried on Tuesday: still the week of 2026-11-30.
    const result = await handler({ scheduledAt: "2026-12-07T00:00:00Z" });
    expect(weeks.map((w) => [w.start, w.end])).toEqual([["2026-11-30", "2026-12-06"]]);
    expect(result).toMatchObject({ week: "2026-11-30", sent: 2 });
    expect(logs[0]).toMatchObject({ event: "digests-sent", week: "2026-11-30", sent: 2, skipped: 1 });
  });

  it("without a scheduled time, takes the week before now; by hand, the week named", async () => {
    const { handler, weeks } = handlerRecording();
    await handler({});
    await handler({ week: "2026-11-18" });
    expect(weeks.map((w) => w.start)).toEqual(["2026-11-30", "2026-11-16"]);
  });

  it("refuses a week that is not a date, as a permanent error", async () => {
    const { handler, weeks } = handlerRecording();
    await expect(handler({ week: "last week" })).rejects.toBeInstanceOf(ConfigError);
    await expect(handler({ week: "2026-02-30" })).rejects.toThrow(/week must be a date/);
    expect(weeks).toEqual([]);
  });

  it("fails the invocation when a digest failed, so the scheduler's retry sends it", async () => {
    const { handler, logs } = handlerRecording({ sent: 1, failed: 1, errors: ["nj 2026-11-30: 454"] });
    await expect(handler({ scheduledAt: "2026-12-07T00:00:00Z" })).rejects.toThrow(
      "1 digests failed and 0 were not started for the week of 2026-11-30",
    );
    expect(logs[0]).toMatchObject({ failed: 1, errors: ["nj 2026-11-30: 454"] });
  });

  it("starts no office once the invocation is short of time, and fails so a retry sends the rest", async () => {
    const { handler, stops } = handlerRecording({ sent: 3, deferred: 5 });
    const ample = { getRemainingTimeInMillis: () => 10 * DIGEST_TIME_RESERVE_MS };
    const short = { getRemainingTimeInMillis: () => DIGEST_TIME_RESERVE_MS - 1 };
    await expect(handler({ scheduledAt: "2026-12-07T00:00:00Z" }, short)).rejects.toThrow(
      "0 digests failed and 5 were not started",
    );
    await expect(handler({ scheduledAt: "2026-12-07T00:00:00Z" }, ample)).rejects.toThrow(
      /5 were not started/,
    );
    expect(stops).toEqual([true, false]);
  });
});
