// A cycle over a large registry must not hold every fetched page until it ends: once a bureau's
// documents are stored and read, their bytes are let go (crawlAll keeps each bureau's crawl record).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import { startSampleSites } from "../../infra/local/sites/server.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { runCycle } from "../../shared/cycle/run-cycle.ts";
import type { BureauCrawl } from "../../shared/domain/crawl.ts";
import { readReport } from "../../shared/report/read-report.ts";

describe("cycle memory", () => {
  it("lets go of each bureau's page bytes once the bureau is processed", async () => {
    const sites = await startSampleSites();
    const dataDir = await mkdtemp(path.join(tmpdir(), "gdm-memory-"));
    const stack = await startLocalStack({ dataDir });
    const fetcher = createFetcher({ resolve: sites.registry.resolve ?? {}, allowPrivateNetwork: true });
    try {
      const crawls: BureauCrawl[] = [];
      const state = stack.repo.crawlState();
      const result = await runCycle(
        sites.registry,
        {
          repo: stack.repo,
          snapshots: stack.snapshots,
          read: readReport,
          today: SAMPLE_GROUND_TRUTH.today,
          cycleAt: new Date().toISOString(),
          crawlState: state,
          crawlDeps: { fetcher, state, pacing: { minIntervalMs: 5 }, urlStateWrites: "deferred" },
          transport: stack.outboxTransport,
        },
        { concurrency: 4, onCrawlProgress: ({ result: crawl }) => crawls.push(crawl) },
      );
      const documents = crawls.flatMap((c) => c.documents.flatMap((d) => [d, ...d.attachments]));
      // The cycle did read documents (and so had their bytes) ...
      expect(result.bureaus.reduce((n, b) => n + b.stats.parsed, 0)).toBeGreaterThan(20);
      expect(documents.length).toBeGreaterThan(20);
      // ... and holds none of them now.
      expect(documents.filter((d) => d.bytes !== undefined).map((d) => d.url)).toEqual([]);
    } finally {
      await fetcher.close();
      await stack.stop();
      await sites.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("keeps the crawl at most a few bureaus ahead of a slower processing", async () => {
    const sites = await startSampleSites();
    const dataDir = await mkdtemp(path.join(tmpdir(), "gdm-backlog-"));
    const stack = await startLocalStack({ dataDir });
    const fetcher = createFetcher({ resolve: sites.registry.resolve ?? {}, allowPrivateNetwork: true });
    try {
      const state = stack.repo.crawlState();
      let crawled = 0;
      let processed = 0;
      let maxBacklog = 0;
      const concurrency = 1;
      await runCycle(
        sites.registry,
        {
          repo: stack.repo,
          snapshots: stack.snapshots,
          // Reading far slower than crawling (pacing is 5 ms here).
          read: async (input) => {
            await new Promise((resolve) => setTimeout(resolve, 60));
            return readReport(input);
          },
          today: SAMPLE_GROUND_TRUTH.today,
          cycleAt: new Date().toISOString(),
          crawlState: state,
          crawlDeps: { fetcher, state, pacing: { minIntervalMs: 5 }, urlStateWrites: "deferred" },
          transport: stack.outboxTransport,
        },
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
      );
      expect(processed).toBe(sites.registry.bureaus.length);
      // Two per crawl worker may wait, plus the one each worker is handing over.
      expect(maxBacklog).toBeLessThanOrEqual(3 * concurrency);
    } finally {
      await fetcher.close();
      await stack.stop();
      await sites.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
