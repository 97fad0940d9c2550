import { describe, expect, it } from "vitest";
import {
  ConfigError,
  crawlEnvSchema,
  dispatchEnvSchema,
  parseCrawlMessage,
  readEnv,
} from "../../functions/config.ts";
import { makeHandler as makeCrawlHandler, OutOfTimeError } from "../../functions/crawl/make-handler.ts";
import { makeHandler as makeScheduleHandler } from "../../functions/schedule/handler.ts";
import type { Bureau, Registry } from "../../shared/domain/registry.ts";

const bureau = (id: string): Bureau => ({
  id,
  name: `${id}局`,
  regionCode: "320100",
  agencyType: "department",
  supervisor: "nj-zwgk",
  site: `https://${id}.example.gov.cn/`,
  listings: [`https://${id}.example.gov.cn/gknb/`],
});
const registry: Registry = {
  offices: [{ id: "nj-zwgk", name: "南京市政务公开办", emails: ["a@example.gov.cn"] }],
  bureaus: Array.from({ length: 23 }, (_, i) => bureau(`b${i}`)),
};

describe("schedule handler", () => {
  it("mirrors the registry, then enqueues one message per bureau, in batches of ten, stamped with the scheduled time", async () => {
    const batches: { id: string; body: string }[][] = [];
    const steps: string[] = [];
    const handler = makeScheduleHandler({
      loadRegistry: async () => registry,
      syncDirectory: async (r) => {
        steps.push(`sync ${r.bureaus.length}`);
      },
      sendBatch: async (entries) => {
        steps.push("send");
        batches.push(entries);
        return 0;
      },
      now: () => new Date("2030-01-01T00:00:00Z"),
    });
    const result = await handler({ scheduledAt: "2024-02-01T18:00:00Z" });
    expect(result).toEqual({ enqueued: 23, failed: 0, cycleAt: "2024-02-01T18:00:00.000Z" });
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(steps).toEqual(["sync 23", "send", "send", "send"]);
    const messages = batches.flat().map((e) => parseCrawlMessage(e.body));
    expect(messages.map((m) => m.bureau.id)).toEqual(registry.bureaus.map((b) => b.id));
    // 18:00 UTC is already the next day in China.
    expect(new Set(messages.map((m) => m.today))).toEqual(new Set(["2024-02-02"]));
  });

  it("fails loudly when the queue refuses messages", async () => {
    const handler = makeScheduleHandler({
      loadRegistry: async () => registry,
      syncDirectory: async () => {},
      sendBatch: async (e) => (e.length === 3 ? 1 : 0),
    });
    await expect(handler({})).rejects.toThrow("1 of 23 crawl messages could not be enqueued");
  });
});

describe("crawl handler", () => {
  const message = (id: string) =>
    JSON.stringify({ bureau: bureau(id), cycleAt: "2024-02-01T18:00:00.000Z", today: "2024-02-02" });

  it("processes each bureau and returns only the failed messages to the queue", async () => {
    const seen: string[] = [];
    const handler = makeCrawlHandler({
      process: async (b, m) => {
        seen.push(`${b.id}@${m.today}`);
        if (b.id === "bad") throw new Error("storage down");
        return { status: "ok", errors: [] };
      },
      log: () => {},
    });
    const result = await handler({
      Records: [
        { messageId: "1", body: message("good") },
        { messageId: "2", body: message("bad") },
        { messageId: "3", body: "{not json" },
        {
          messageId: "4",
          body: JSON.stringify({
            bureau: { id: "x" },
            cycleAt: "2024-02-01T18:00:00.000Z",
            today: "2024-02-02",
          }),
        },
      ],
    });
    expect(seen).toEqual(["good@2024-02-02", "bad@2024-02-02"]);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["2", "3", "4"]);
  });

  it("reports a bureau still running near the time limit as failed, and its batch-mates as done", async () => {
    const logs: Record<string, unknown>[] = [];
    const handler = makeCrawlHandler({
      process: async (b) => {
        // "stuck" never finishes, as a site trickling bytes past every budget would not.
        if (b.id === "stuck") await new Promise(() => {});
        return { status: "ok", errors: [] };
      },
      log: (entry) => logs.push(entry),
      safetyMarginMs: 1_000,
      // It ignores the stop: the batch is reported once this grace is over.
      stopGraceMs: 100,
    });
    const result = await handler(
      { Records: ["a", "stuck", "b"].map((id) => ({ messageId: id, body: message(id) })) },
      { getRemainingTimeInMillis: () => 1_050 },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "stuck" }]);
    expect(logs.filter((l) => l.event === "bureau-done").map((l) => l.bureau)).toEqual(["a", "b"]);
    expect(logs).toContainEqual({ event: "bureau-out-of-time", messageId: "stuck", stopped: false });
  });

  it("tells a late bureau to stop and waits for it to unwind, so none of it runs after the batch is reported", async () => {
    const logs: Record<string, unknown>[] = [];
    let unwoundAt = 0;
    let reason: unknown;
    const handler = makeCrawlHandler({
      process: async (b, _m, _i, signal) => {
        if (b.id !== "slow") return { status: "ok", errors: [] };
        // A crawl that honours its signal: it ends soon after the abort, as crawlBureau does.
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 30));
        reason = signal.reason;
        unwoundAt = Date.now();
        signal.throwIfAborted();
        return { status: "ok", errors: [] };
      },
      log: (entry) => logs.push(entry),
      safetyMarginMs: 1_000,
      stopGraceMs: 5_000,
    });
    const result = await handler(
      { Records: ["a", "slow"].map((id) => ({ messageId: id, body: message(id) })) },
      { getRemainingTimeInMillis: () => 1_050 },
    );
    const returnedAt = Date.now();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "slow" }]);
    expect(unwoundAt).toBeGreaterThan(0);
    expect(unwoundAt).toBeLessThanOrEqual(returnedAt);
    expect(reason).toBeInstanceOf(OutOfTimeError);
    expect(logs).toContainEqual({ event: "bureau-out-of-time", messageId: "slow", stopped: true });
    // Stopping is not a failure of the bureau's own: no second "bureau-failed" line for it.
    expect(logs.filter((l) => l.event === "bureau-failed")).toEqual([]);
  });

  it("works on the messages of one batch at once, sharing one invocation", async () => {
    // Each bureau waits until every bureau of the batch has started: one at a time would never finish.
    const ids = ["a", "b", "c"];
    let started = 0;
    let allStarted: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const invocations = new Set<object>();
    const handler = makeCrawlHandler({
      process: async (_b, _m, invocation) => {
        invocations.add(invocation);
        if (++started === ids.length) allStarted();
        await barrier;
        return { status: "ok", errors: [] };
      },
      log: () => {},
    });
    const result = await handler({ Records: ids.map((id) => ({ messageId: id, body: message(id) })) });
    expect(result.batchItemFailures).toEqual([]);
    expect(started).toBe(3);
    expect(invocations.size).toBe(1);
    await handler({ Records: [{ messageId: "d", body: message("d") }] });
    expect(invocations.size).toBe(2);
  });
});

describe("configuration", () => {
  it("names every missing variable", () => {
    expect(() => readEnv(crawlEnvSchema, {})).toThrow(ConfigError);
    expect(() => readEnv(crawlEnvSchema, { TABLE_NAME: "t" })).toThrow(/BUCKET_NAME/);
    expect(readEnv(crawlEnvSchema, { TABLE_NAME: "t", BUCKET_NAME: "b" })).toEqual({
      TABLE_NAME: "t",
      BUCKET_NAME: "b",
    });
  });
});

describe("dispatch configuration", () => {
  it("requires a valid sender address", () => {
    const env = { TABLE_NAME: "t", BUCKET_NAME: "b", REGISTRY: "config/registry.json" };
    expect(() => readEnv(dispatchEnvSchema, { ...env, MAIL_FROM: "not-an-address" })).toThrow(/MAIL_FROM/);
    expect(readEnv(dispatchEnvSchema, { ...env, MAIL_FROM: "monitor@example.gov.cn" }).MAIL_FROM).toBe(
      "monitor@example.gov.cn",
    );
  });

  it("sends through SES unless told smtp, and smtp needs the secret that holds the relay's settings", () => {
    const env = {
      TABLE_NAME: "t",
      BUCKET_NAME: "b",
      REGISTRY: "config/registry.json",
      MAIL_FROM: "monitor@example.gov.cn",
    };
    expect(readEnv(dispatchEnvSchema, env).MAIL_TRANSPORT).toBe("ses");
    expect(() => readEnv(dispatchEnvSchema, { ...env, MAIL_TRANSPORT: "smtp" })).toThrow(
      /SMTP_SECRET: MAIL_TRANSPORT=smtp needs SMTP_SECRET/,
    );
    expect(() => readEnv(dispatchEnvSchema, { ...env, MAIL_TRANSPORT: "sendmail" })).toThrow(
      /MAIL_TRANSPORT/,
    );
    expect(
      readEnv(dispatchEnvSchema, { ...env, MAIL_TRANSPORT: "smtp", SMTP_SECRET: "gdm/smtp" }),
    ).toMatchObject({ MAIL_TRANSPORT: "smtp", SMTP_SECRET: "gdm/smtp" });
  });
});
