// A cycle over a large registry must not hold every fetched page until it ends: once a bureau's
// documents are stored and read, their bytes are let go (crawlAll keeps each bureau's crawl record), and
// the crawl does not run far ahead of a slower processing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import { startSampleSites } from "../../infra/local/sites/server.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { type RunCycleOptions, runCycle } from "../../shared/cycle/run-cycle.ts";
import type { BureauCrawl } from "../../shared/domain/crawl.ts";
import type { ParsedReport, ReadInput } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";

/** One cycle over the sample sites on a fresh local stack (pacing 5 ms). */
async function sampleCycle(options: RunCycleOptions, read: (input: ReadInput) => Promise<ParsedReport>) {
  const sites = await startSampleSites();
  const dataDir = await mkdtemp(path.join(tmpdir(), "gdm-memory-"));
  const stack = await startLocalStack({ dataDir });
  const fetcher = createFetcher({ resolve: sites.registry.resolve ?? {}, allowPrivateNetwork: true });
  try {
    const state = stack.repo.crawlState();
    const result = await runCycle(
      sites.registry,
      {
        repo: stack.repo,
        snapshots: stack.snapshots,
        read,
        today: SAMPLE_GROUND_TRUTH.today,
        cycleAt: new Date().toISOString(),
        crawlState: state,
        crawlDeps: { fetcher, state, pacing: { minIntervalMs: 5 }, urlStateWrites: "deferred" },
        transport: stack.outboxTransport,
      },
      options,
    );
    return { result, bureaus: sites.registry.bureaus.length };
  } finally {
    await fetcher.close();
    await stack.stop();
    await sites.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe("cycle memory", () => {
  it("lets go of each bureau's page bytes once the bureau is processed", async () => {
    const crawls: BureauCrawl[] = [];
    const { result } = await sampleCycle(
      { concurrency: 4, onCrawlProgress: ({ result: crawl }) => crawls.push(crawl) },
      readReport,
    );
    const documents = crawls.flatMap((c) => c.documents.flatMap((d) => [d, ...d.attachments]));
    // The cycle did read documents (and so had their bytes) ...
    expect(result.bureaus.reduce((n, b) => n + b.stats.parsed, 0)).toBeGreaterThan(20);
    expect(documents.length).toBeGreaterThan(20);
    // ... and holds none of them now.
    expect(documents.filter((d) => d.bytes !== undefined).map((d) => d.url)).toEqual([]);
  }, 120_000);

  it("keeps the crawl at most a few bureaus ahead of a slower processing", async () => {
    let crawled = 0;
    let processed = 0;
    let maxBacklog = 0;
    const concurrency = 1;
    const { bureaus } = await sampleCycle(
      {
        concurrency,
        onCrawlProgress: () => {
          crawled++;
          maxBacklog = Math.max(maxBacklog, crawled - processed);
        },
        onBureauDone: () => {
          processed++;
        },
      },
      // Reading far slower than crawling (pacing is 5 ms here).
      async (input) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return readReport(input);
      },
    );
    expect(processed).toBe(bureaus);
    // Two per crawl worker may wait, plus the one each worker is handing over.
    expect(maxBacklog).toBeLessThanOrEqual(3 * concurrency);
  }, 180_000);
});
