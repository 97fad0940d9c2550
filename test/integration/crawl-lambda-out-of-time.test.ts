// The crawl Lambda near its time limit: a bureau whose site trickles a page forever is told to stop.
// It stops at once (its connection is closed, no request starts after), writes nothing for that bureau
// (a crawl cut short would otherwise look like a missing report), and none of it runs after the batch
// is reported; its batch-mate is crawled and stored as usual.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHandler } from "../../functions/crawl/make-handler.ts";
import { makeProcessMessage } from "../../functions/crawl/process-message.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";
import { crawlRecords } from "../support/crawl-messages.ts";
import { type FaultServer, faultBureau, faultHost, startFaultServer } from "../support/fault-server.ts";
import { useStoreTables } from "./helpers/store-tables.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

describe("crawl Lambda: a bureau still crawling when time runs out", () => {
  const store = useStoreTables("lambda-out-of-time");
  const dir = useTempDir("gdm-lambda-late-");
  let server: FaultServer;

  beforeAll(async () => {
    server = await startFaultServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("stops the late bureau's requests and writes, and stores its batch-mate", async () => {
    const { repo } = store;
    const logs: Record<string, unknown>[] = [];
    const handler = makeHandler({
      process: makeProcessMessage({
        repo,
        snapshots: new FileSnapshotStore(path.join(dir.path, "snapshots")),
        pacing: { minIntervalMs: 10 },
      }),
      log: (entry) => logs.push(entry),
      safetyMarginMs: 1_000,
      // Well under the fetcher's own time limits: only stopping on the signal ends these bureaus in time.
      stopGraceMs: 3_000,
    });
    const healthy = faultBureau(server, "healthy", "/healthy/");
    const late = faultBureau(server, "slow", "/slow/");
    // Its robots.txt never answers: stopped while it waits for that.
    const robotsHang = faultBureau(server, "robotshang", "/healthy/");
    const registry = {
      resolve: server.resolve(["healthy", "slow", "robotshang"].map(faultHost)),
    } as unknown as Registry;
    const records = crawlRecords([healthy, late, robotsHang], registry);
    // Out of time 2.5 s in: the healthy site is done by then, the slow page is still trickling.
    const result = await handler({ Records: records }, { getRemainingTimeInMillis: () => 3_500 });

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: records[1]!.messageId },
      { itemIdentifier: records[2]!.messageId },
    ]);
    expect(logs).toContainEqual({
      event: "bureau-out-of-time",
      messageId: records[2]!.messageId,
      stopped: true,
    });
    // The trickling page's connection is closed: the crawler hung up rather than read on.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.trickling.has(faultHost("slow"))).toBe(false);
    expect(logs).toContainEqual({
      event: "bureau-out-of-time",
      messageId: records[1]!.messageId,
      stopped: true,
    });
    expect(logs).toContainEqual(expect.objectContaining({ event: "bureau-done", bureau: healthy.id }));

    // Nothing of the late bureau runs on: no request, no write, once the batch is reported.
    const requestsAtReturn = server.log.filter((r) => r.host === faultHost("slow")).length;
    const lateState = async () => {
      const state = await repo.loadBureauState(late.id);
      return {
        findings: state.findings.size,
        reports: state.reports.length,
        streaks: state.missingStreaks.size,
      };
    };
    const atReturn = await lateState();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.log.filter((r) => r.host === faultHost("slow")).length).toBe(requestsAtReturn);
    expect(await lateState()).toEqual(atReturn);
    // A crawl cut short is not judged: no "site unreachable", no "report missing".
    expect(atReturn).toEqual({ findings: 0, reports: 0, streaks: 0 });
    expect((await repo.getReportVersions(healthy.id)).length).toBeGreaterThan(0);
  }, 30_000);
});
