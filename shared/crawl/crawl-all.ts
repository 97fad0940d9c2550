// One crawl cycle over many bureaus: an in-process queue with bounded concurrency. The pacer and the
// robots cache are shared, so two bureaus on one host still get one request at a time, spaced out.
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Bureau } from "../domain/registry.ts";
import { type CrawlDeps, crawlBureau } from "./crawl-bureau.ts";
import { HostPacer } from "./pacing.ts";
import { RobotsGate } from "./robots.ts";

export interface CrawlProgress {
  done: number;
  total: number;
  bureauId: string;
  result: BureauCrawl;
}

export interface CrawlAllOptions {
  /** Bureaus crawled at once; default 4. Per-host politeness holds whatever this is. */
  concurrency?: number;
  /**
   * Called as each bureau's crawl completes. A returned promise holds back that crawl worker (not the
   * others) until it settles: how a consumer slower than the crawl keeps the crawl from running ahead.
   */
  onProgress?: (progress: CrawlProgress) => unknown;
}

export interface CrawlAllResult {
  /** In the order of the input. */
  results: BureauCrawl[];
  /** Hosts parked during this cycle (consecutive failures), with the reason. */
  parkedHosts: Record<string, string>;
}

export async function crawlAll(
  bureaus: readonly Bureau[],
  deps: CrawlDeps,
  options: CrawlAllOptions = {},
): Promise<CrawlAllResult> {
  const now = deps.now ?? Date.now;
  const pacer = deps.pacer ?? new HostPacer(deps.state, deps.pacing);
  const robots = deps.robots ?? new RobotsGate({ fetcher: deps.fetcher, state: deps.state, pacer, now });
  const shared: CrawlDeps = { ...deps, pacer, robots };
  const results: BureauCrawl[] = new Array(bureaus.length);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, bureaus.length || 1));
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < bureaus.length) {
      const index = next++;
      const bureau = bureaus[index]!;
      let result: BureauCrawl;
      try {
        result = await crawlBureau(bureau, shared);
      } catch (error) {
        // crawlBureau does not throw; this guards the cycle against a bug all the same.
        result = {
          bureauId: bureau.id,
          status: "unreachable",
          documents: [],
          visited: [],
          errors: [`crawl failed: ${(error as Error).message}`],
        };
      }
      results[index] = result;
      done++;
      try {
        const holdBack = options.onProgress?.({ done, total: bureaus.length, bureauId: bureau.id, result });
        if (holdBack instanceof Promise) await holdBack;
      } catch {
        // A broken progress callback must not stop the cycle.
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return { results, parkedHosts: Object.fromEntries(pacer.parkedHosts) };
}
