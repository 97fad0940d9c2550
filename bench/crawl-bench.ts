// The crawler at scale (issue 5), every figure a throughput ratio against a baseline run in the same
// process on the same pages at the same concurrency:
//  1. our fetch stage (crawlAll, pacing relaxed) vs a bare undici loop — target ≥ 0.7×;
//  2. our full cycle (fetch, read, check, store on the local stack) vs CheerioCrawler merely fetching
//     and parsing — target > 1× (bare undici + cheerio.load printed too, for CheerioCrawler's overhead);
//  3. a second cycle on unchanged sites: no re-parses, no report/finding writes, ≥ 90 % of report
//     fetches answered 304 or skipped by hash.
// BENCH_BUREAUS (default 1000), BENCH_CYCLE_BUREAUS (default: all of them, for 2 and 3), BENCH_CONCURRENCY
// (default 16) and BENCH_ROUNDS (default 5, for 1: the JIT warms up over the first two) shrink or widen it.

import { availableParallelism } from "node:os";
import { startReadPool } from "../infra/local/read-pool.ts";
import { SAMPLE_GROUND_TRUTH } from "../infra/local/sites/ground-truth.ts";
import {
  bareUndici,
  type CycleRun,
  cheerioCrawler,
  ourCrawlLogic,
  ourFetcherLoop,
  ourFetchStage,
  startCycleBench,
  startCycleStore,
  type Timed,
} from "./crawl-bench-contenders.ts";
import { type BenchSites, startBenchSites } from "./crawl-bench-sites.ts";

interface Costed extends Timed {
  /** CPU time per page (µs) of this process (every thread: GC helpers too) and of the server's. */
  clientCpuUs: number;
  serverCpuUs: number;
}

/** Runs a contender and says what CPU it cost, on both sides of the connection. */
async function costed(sites: BenchSites, run: () => Promise<Timed>): Promise<Costed> {
  const client = process.cpuUsage();
  const server = await sites.serverCpuMs();
  const t = await run();
  const { user, system } = process.cpuUsage(client);
  const serverMs = (await sites.serverCpuMs()) - server;
  const pages = Math.max(1, t.pages);
  return { ...t, clientCpuUs: (user + system) / pages, serverCpuUs: (serverMs * 1000) / pages };
}

function pagesPerSecond(t: Timed): number {
  return t.pages / Math.max(1e-6, t.ms / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** "min–max" of some ratios. */
function spread(values: number[]): string {
  return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`;
}

function printThroughput(name: string, baseline: string, ratio: number, detail: string, target?: number) {
  const verdict =
    target === undefined ? "" : `  (target ≥ ${target}×: ${ratio >= target ? "met" : "MISSED"})`;
  console.log(`${name}: ${ratio.toFixed(2)}× the pages/s of ${baseline}${verdict}\n    ${detail}`);
}

function perBureau(requests: Record<string, number>, bureaus: number): string {
  const total = Object.values(requests).reduce((a, b) => a + b, 0);
  const parts = Object.entries(requests).map(([k, v]) => `${k} ${(v / bureaus).toFixed(1)}`);
  return `${(total / bureaus).toFixed(1)} (${parts.join(", ")})`;
}

/**
 * What the machine allows: the stage's pages need the CPU its process and the server's spend on them,
 * so even spread perfectly over every core a page takes (client + server CPU) ÷ cores of wall time.
 * The bare loop's wall time over that is the highest ratio the stage could reach here as it is.
 */
function printCpuCeiling(bare: Costed[], ours: Costed[]) {
  const cores = availableParallelism();
  const usPerPage = (t: Timed) => (t.ms * 1000) / Math.max(1, t.pages);
  const bareWall = median(bare.map(usPerPage));
  const client = median(ours.map((o) => o.clientCpuUs));
  const server = median(ours.map((o) => o.serverCpuUs));
  const ceiling = bareWall / ((client + server) / cores);
  const bareClient = median(bare.map((b) => b.clientCpuUs));
  const bareServer = median(bare.map((b) => b.serverCpuUs));
  // CPU a page may cost the crawl for the bar to be reachable at all, with the server's share as it is.
  const budget = (cores * bareWall) / 0.7 - server;
  console.log(
    `  CPU per page (medians, µs): bare loop ${bareClient.toFixed(0)} here + ${bareServer.toFixed(0)} in the server (${bareWall.toFixed(0)} µs of wall time); ` +
      `our stage ${client.toFixed(0)} + ${server.toFixed(0)}\n` +
      `    on ${cores} cores the stage could reach at most ${ceiling.toFixed(2)}× even spread perfectly over them; ` +
      `0.7× needs its CPU ≤ ${budget.toFixed(0)} µs a page (spread over every core) or ≤ ${(bareWall / 0.7).toFixed(0)} µs on one thread`,
  );
}

const fmt = (t: Timed) => `${t.pages} pages in ${t.ms.toFixed(0)} ms (${pagesPerSecond(t).toFixed(0)}/s)`;

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function crawlBench(): Promise<void> {
  const bureaus = envInt("BENCH_BUREAUS", 1000);
  const concurrency = envInt("BENCH_CONCURRENCY", 16);
  const rounds = envInt("BENCH_ROUNDS", 5);
  const sites = await startBenchSites(bureaus);
  const { pages, registry } = sites;
  console.log(
    `\n# Crawling ${bureaus} local bureaus (${pages.length} pages: robots.txt, listing, 3 reports each), concurrency ${concurrency}`,
  );
  try {
    // 1. Fetch stage vs bare undici; the warm-up also checks both fetch the same pages.
    const warm = await ourFetchStage(registry, concurrency);
    await bareUndici(sites, pages, concurrency, false);
    if (warm.pages !== pages.length) {
      console.log(
        `    NOTE: our crawler fetched ${warm.pages} pages with 200, the bench serves ${pages.length}`,
      );
    }
    const fetchRatios: number[] = [];
    const fetcherRatios: number[] = [];
    const logicShares: number[] = [];
    const ours: Costed[] = [];
    const bare: Costed[] = [];
    for (let i = 0; i < rounds; i++) {
      const b = await costed(sites, () => bareUndici(sites, pages, concurrency, false));
      const o = await costed(sites, () => ourFetchStage(registry, concurrency));
      const f = await ourFetcherLoop(registry, pages, concurrency);
      const logic = await ourCrawlLogic(registry, sites.files, concurrency);
      // The crawl logic's time per page, as a share of the bare loop's time per page.
      logicShares.push(logic.ms / logic.pages / (b.ms / b.pages));
      bare.push(b);
      ours.push(o);
      fetchRatios.push(pagesPerSecond(o) / pagesPerSecond(b));
      fetcherRatios.push(pagesPerSecond(f) / pagesPerSecond(b));
    }
    printThroughput(
      "fetch stage (crawlAll, minIntervalMs 0)",
      "bare undici.request loop",
      median(fetchRatios),
      `median of ${rounds} interleaved rounds (${spread(fetchRatios)}); last: ours ${fmt(ours.at(-1)!)}, bare ${fmt(bare.at(-1)!)}`,
      0.7,
    );
    printThroughput(
      "  of which HTTP alone (createFetcher in the same loop, no robots/pacing/discovery)",
      "bare undici.request loop",
      median(fetcherRatios),
      "the gap between this line and the one above is crawl logic: link discovery, decoding, state",
    );
    const share = median(logicShares);
    console.log(
      `  crawl logic alone (crawlAll on an in-memory fetcher that hashes as ours does; no HTTP): ${share.toFixed(2)}× the bare loop's time per page\n` +
        "    fetching + crawl logic ≈ (1 + this) × the bare time per page, so the 0.7× bar needs this ≤ 0.43, and less\n" +
        "    in the stage itself, where the server's process shares the machine's two cores with the crawl",
    );
    printCpuCeiling(bare, ours);

    // 2. Full cycle vs CheerioCrawler on the first BENCH_CYCLE_BUREAUS bureaus (all 1,000 by default, as
    // the issue asks; a cycle costs ~10× a fetch, so fewer make a quicker bench whose first run is more
    // of a JIT warm-up for both contenders). Each contender runs twice, interleaved, and the
    // faster run of each counts: CheerioCrawler's second run is JIT-warm, so ours gets a second run
    // too, each a first cycle on a table of its own (empty table, cold crawl state) in one embedded
    // DynamoDB that stays up between runs (as the real service does), with one read pool whose workers
    // are up before the clock starts (as CheerioCrawler's modules are loaded before its clock).
    const cycleBureaus = Math.min(bureaus, envInt("BENCH_CYCLE_BUREAUS", bureaus));
    const cycleHosts = new Set(registry.bureaus.slice(0, cycleBureaus).map((b) => new URL(b.site).hostname));
    const cyclePages = pages.filter((p) => cycleHosts.has(p.host));
    const cycleRegistry = { ...registry, bureaus: registry.bureaus.slice(0, cycleBureaus) };
    console.log(`  full cycle on ${cycleBureaus} bureaus (${cyclePages.length} pages)`);
    const reader = startReadPool();
    await reader.ready();
    const store = await startCycleStore();
    const cycles = [
      await startCycleBench(cycleRegistry, concurrency, SAMPLE_GROUND_TRUTH.today, reader, store, "run-1"),
      await startCycleBench(cycleRegistry, concurrency, SAMPLE_GROUND_TRUTH.today, reader, store, "run-2"),
    ];
    const cycle = cycles[1]!;
    try {
      const crawlee: Timed[] = [];
      const bareParse: Timed[] = [];
      const firsts: CycleRun[] = [];
      for (const run of cycles) {
        crawlee.push(await cheerioCrawler(sites, cyclePages, concurrency));
        bareParse.push(await bareUndici(sites, cyclePages, concurrency, true));
        await sites.resetCounts();
        const firstRun = await run.run();
        firsts.push({ ...firstRun, pages: (await sites.counts()).ok });
      }
      const first = firsts.reduce((a, b) => (pagesPerSecond(b) > pagesPerSecond(a) ? b : a));
      const crawleePps = Math.max(...crawlee.map(pagesPerSecond));
      const barePps = Math.max(...bareParse.map(pagesPerSecond));
      printThroughput(
        "full cycle (fetch, read, check, store on dynalite)",
        "CheerioCrawler fetching + parsing",
        pagesPerSecond(first) / crawleePps,
        `faster of 2 runs each, interleaved: ours ${firsts.map(fmt).join(" / ")}; CheerioCrawler ${crawlee.map(fmt).join(" / ")}; ${first.reads} documents read (${reader.counts.worker} in the read worker)`,
        1,
      );
      printThroughput(
        "CheerioCrawler",
        "bare undici.request + cheerio.load loop",
        crawleePps / barePps,
        `bare + cheerio ${bareParse.map(fmt).join(" / ")}`,
      );

      // 3. The same cycle again on unchanged sites.
      await sites.resetCounts();
      const secondRun = await cycle.run();
      const answers = await sites.counts();
      const second: CycleRun = { ...secondRun, pages: answers.ok + answers.notModified };
      const f = second.reportFetches;
      const saved = f.fetched === 0 ? 0 : (f.notModified + f.sameHash) / f.fetched;
      const parsed = second.result.bureaus.reduce((n, b) => n + b.stats.parsed, 0);
      const reportOrFinding = Object.entries(second.writes)
        .filter(([k]) => !/ (URL|ROBOTS|HOST|META)\b/.test(k))
        .reduce((n, [, v]) => n + v, 0);
      console.log(
        `re-run on unchanged sites: ${parsed} re-parses (${second.reads} reads), ${reportOrFinding} report/finding writes` +
          ` (${parsed === 0 && reportOrFinding === 0 ? "met" : "MISSED"})\n` +
          `    report fetches answered 304 or skipped by hash: ${(saved * 100).toFixed(1)} %` +
          ` (${f.notModified} × 304 + ${f.sameHash} same hash of ${f.fetched}; target ≥ 90 %: ${saved >= 0.9 ? "met" : "MISSED"})\n` +
          `    server answers: ${answers.ok} × 200, ${answers.notModified} × 304; all writes: ${JSON.stringify(second.writes)}\n` +
          `    first cycle writes: ${JSON.stringify(first.writes)}\n` +
          `    DynamoDB requests per bureau: first cycle ${perBureau(first.requests, cycleBureaus)}; re-run ${perBureau(second.requests, cycleBureaus)}\n` +
          `    re-run took ${(second.ms / first.ms).toFixed(2)}× the first cycle's time`,
      );
    } finally {
      for (const c of cycles) await c.close();
      await store.close();
      await reader.close();
    }
  } finally {
    await sites.close();
  }
}
