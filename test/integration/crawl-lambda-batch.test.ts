// The crawl Lambda works on a batch of bureaus at once. Two bureaus whose sites share a host must still
// get one request at a time with the pacing gap between them, as in the local cycle's crawlAll.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHandler } from "../../functions/crawl/make-handler.ts";
import { makeProcessMessage } from "../../functions/crawl/process-message.ts";
import { type SampleSitesServer, startSampleSites } from "../../infra/local/sites/server.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";
import { crawlRecords } from "../support/crawl-messages.ts";
import { useStoreTables } from "./helpers/store-tables.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

const GAP_MS = 150;

describe("crawl Lambda: one batch, two bureaus on one host", () => {
  const store = useStoreTables("lambda-batch");
  const dir = useTempDir("gdm-lambda-batch-");
  let sites: SampleSitesServer;

  beforeAll(async () => {
    sites = await startSampleSites();
  });

  afterAll(async () => {
    await sites?.close();
  });

  it("never overlaps requests to the shared host and keeps the gap between them", async () => {
    const { repo } = store;
    const handler = makeHandler({
      process: makeProcessMessage({
        repo,
        snapshots: new FileSnapshotStore(path.join(dir.path, "snapshots")),
        pacing: { minIntervalMs: GAP_MS },
      }),
      log: () => {},
    });
    const { registry } = sites;
    const original = registry.bureaus.find((b) => b.id === "xy-sjj")!;
    // The same site registered twice (a department and its sub-office publishing on one portal).
    const twin = { ...original, id: "xy-sjj-twin", name: `${original.name}（分局）` };
    const records = crawlRecords([original, twin], registry);
    const result = await handler({ Records: records });
    expect(result.batchItemFailures).toEqual([]);

    const host = new URL(original.site).hostname;
    const times = sites.requests.filter((r) => r.host === host).map((r) => r.at);
    expect(times.length).toBeGreaterThan(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // The pacer spaces request STARTS; arrival times at this in-process server also carry event-loop
    // jitter (the crawler reads reports on the same thread), which can shorten one gap. Two independent
    // pacers would interleave the bureaus and make about every other gap near 0.
    const short = gaps.filter((gap) => gap < GAP_MS / 2);
    expect(short.length, `gaps ${gaps.join(", ")}`).toBeLessThanOrEqual(1);
    // Both bureaus were processed: each has its reports stored.
    for (const id of [original.id, twin.id])
      expect((await repo.getReportVersions(id)).length).toBeGreaterThan(0);
  }, 120_000);
});
