import { describe, expect, it } from "vitest";
import { FetchError } from "../../../shared/crawl/errors.ts";
import { MemoryCrawlState } from "../../../shared/crawl/memory-state.ts";
import { type Clock, HostPacer, parseRetryAfter } from "../../../shared/crawl/pacing.ts";

/** A fake clock: sleeping advances time instantly and records the waits. */
function fakeClock(): Clock & { sleeps: number[]; t: number } {
  const clock = {
    t: 1_700_000_000_000,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

const http = (status: number, retryAfterMs?: number) =>
  new FetchError("http", "http://h/", `HTTP ${status}`, {
    retryable: status >= 500 || status === 429,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe("pacing", () => {
  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("keeps one request in flight per host, spaced at least the interval, and never below Crawl-delay", async () => {
    const clock = fakeClock();
    const pacer = new HostPacer(new MemoryCrawlState(), { minIntervalMs: 3000, clock });
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const task = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      starts.push(clock.now());
      await Promise.resolve();
      inFlight--;
    };
    await Promise.all([pacer.run("a", task), pacer.run("a", task), pacer.run("a", task)]);
    expect(maxInFlight).toBe(1);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(3000);
    pacer.setCrawlDelay("a", 10_000);
    await pacer.run("a", task);
    expect(starts[3]! - starts[2]!).toBeGreaterThanOrEqual(10_000);
  });

  it("honours a capped Retry-After on 429, else backs off exponentially, with bounded retries", async () => {
    const clock = fakeClock();
    const pacer = new HostPacer(new MemoryCrawlState(), {
      minIntervalMs: 10,
      maxRetries: 2,
      backoffBaseMs: 1000,
      retryAfterCapMs: 60_000,
      clock,
      random: () => 0.5,
    });
    let calls = 0;
    const value = await pacer.run("h", async () => {
      if (++calls === 1) throw http(429, 3_600_000);
      return "ok";
    });
    expect(value).toBe("ok");
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(60_000);
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(50_000);

    calls = 0;
    await expect(
      pacer.run("h2", async () => {
        calls++;
        throw http(500);
      }),
    ).rejects.toThrow("HTTP 500");
    expect(calls).toBe(3);
    const notFound = notFoundTask();
    await expect(pacer.run("h3", notFound.task)).rejects.toThrow("HTTP 404");
    expect(notFound.calls()).toBe(1);
  });

  it("parks a host after K consecutive failures and then refuses it without calling", async () => {
    const clock = fakeClock();
    const state = new MemoryCrawlState();
    const pacer = new HostPacer(state, { minIntervalMs: 1, maxRetries: 0, parkAfterFailures: 3, clock });
    for (let i = 0; i < 3; i++)
      await expect(pacer.run("down", () => Promise.reject(http(503)))).rejects.toThrow();
    expect(pacer.parkedHosts.get("down")).toContain("3 consecutive failures");
    expect((await state.getHostHealth("down"))?.parkedUntil).toBeTruthy();
    let called = false;
    const parked = pacer.run("down", async () => {
      called = true;
    });
    await expect(parked).rejects.toMatchObject({ kind: "parked" });
    expect(called).toBe(false);
    // A fresh pacer (the next cycle) sees the parking through the store.
    expect(await new HostPacer(state, { clock }).isParked("down")).toBe(true);
  });

  it("stops at once when the caller's signal aborts: no retry, no wait, nothing held against the host", async () => {
    const state = new MemoryCrawlState();
    // The real clock: a 429 asking for a minute's wait would otherwise hold this test for a minute.
    const pacer = new HostPacer(state, { minIntervalMs: 1, maxRetries: 3, parkAfterFailures: 1 });
    const stop = new AbortController();
    let calls = 0;
    const started = Date.now();
    const run = pacer.run(
      "slow",
      async () => {
        calls++;
        setTimeout(() => stop.abort(), 20);
        throw http(429, 60_000);
      },
      stop.signal,
    );
    await expect(run).rejects.toMatchObject({ kind: "aborted", retryable: false });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(calls).toBe(1);
    expect(await state.getHostHealth("slow")).toBeUndefined();
    expect(await pacer.isParked("slow")).toBe(false);
    // The slot is free again, and an already aborted signal starts nothing.
    await expect(pacer.run("slow", async () => "next")).resolves.toBe("next");
    await expect(pacer.run("slow", async () => "never", stop.signal)).rejects.toMatchObject({
      kind: "aborted",
    });
  });

  it("a success resets the failure count", async () => {
    const clock = fakeClock();
    const state = new MemoryCrawlState();
    const pacer = new HostPacer(state, { minIntervalMs: 1, maxRetries: 0, parkAfterFailures: 2, clock });
    await expect(pacer.run("x", () => Promise.reject(http(500)))).rejects.toThrow();
    await pacer.run("x", async () => "fine");
    await expect(pacer.run("x", () => Promise.reject(http(500)))).rejects.toThrow();
    expect(await pacer.isParked("x")).toBe(false);
  });
});

function notFoundTask() {
  let calls = 0;
  return {
    task: async () => {
      calls++;
      throw http(404);
    },
    calls: () => calls,
  };
}
