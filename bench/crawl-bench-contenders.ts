// The contenders of the crawl bench, each fetching the same pages at the same concurrency: bare undici
// (with and without cheerio.load), CheerioCrawler, our fetch stage (crawlAll), our full cycle (runCycle).
import { hash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { CheerioCrawler, Configuration, log } from "@crawlee/cheerio";
import { MemoryStorage } from "@crawlee/memory-storage";
import * as cheerio from "cheerio";
import { Pool } from "undici";
import { ensureTable } from "../infra/local/dynalite.ts";
import type { ReadPool } from "../infra/local/read-pool.ts";
import { type LocalStack, startLocalStack } from "../infra/local/stack.ts";
import {
  crawlAll,
  createFetcher,
  FetchError,
  type Fetcher,
  MemoryCrawlState,
} from "../shared/crawl/index.ts";
import { type CycleResult, runCycle } from "../shared/cycle/run-cycle.ts";
import type { BureauCrawl, VisitRecord } from "../shared/domain/crawl.ts";
import type { Registry } from "../shared/domain/registry.ts";
import type { ReadInput } from "../shared/domain/report.ts";
import { FileOutboxTransport } from "../shared/mail/index.ts";
import { FileSnapshotStore } from "../shared/snapshots/index.ts";
import { createRepository } from "../shared/store/repository.ts";
import type { BenchPage, BenchSites } from "./crawl-bench-sites.ts";

export interface Timed {
  ms: number;
  pages: number;
}

async function pooled<T>(items: readonly T[], concurrency: number, each: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** undici.request through one Pool, the Host header naming the bureau: the floor for any fetcher. */
export async function bareUndici(
  sites: BenchSites,
  pages: readonly BenchPage[],
  concurrency: number,
  parse: boolean,
): Promise<Timed> {
  const pool = new Pool(`http://127.0.0.1:${sites.port}`, { connections: concurrency });
  const t0 = performance.now();
  let ok = 0;
  await pooled(pages, concurrency, async (page) => {
    const response = await pool.request({ path: page.path, method: "GET", headers: { host: page.host } });
    const body = Buffer.from(await response.body.arrayBuffer());
    if (response.statusCode !== 200) return;
    ok++;
    if (parse && page.kind !== "robots") cheerio.load(body);
  });
  const ms = performance.now() - t0;
  await pool.close();
  return { ms, pages: ok };
}

/** Our fetcher alone (no robots, pacing or discovery) in the bare loop: separates HTTP cost from parsing. */
export async function ourFetcherLoop(
  registry: Registry,
  pages: readonly BenchPage[],
  concurrency: number,
): Promise<Timed> {
  const fetcher = createFetcher({
    ...(registry.resolve ? { resolve: registry.resolve } : {}),
    allowPrivateNetwork: true,
  });
  // One host per worker at a time, as crawlAll does, so each host gets one connection.
  const byHost = new Map<string, BenchPage[]>();
  for (const page of pages) byHost.set(page.host, [...(byHost.get(page.host) ?? []), page]);
  const t0 = performance.now();
  let ok = 0;
  await pooled([...byHost.values()], concurrency, async (hostPages) => {
    for (const page of hostPages) {
      const url = `http://${page.host}${page.path}`;
      const response = await fetcher.fetch({ url, allowedHosts: new Set([page.host]) });
      if (response.status === 200) ok++;
    }
  });
  const ms = performance.now() - t0;
  await fetcher.close();
  return { ms, pages: ok };
}

/**
 * Our crawl logic alone: crawlAll (robots, pacing, discovery, validators, state) with a fetcher that
 * answers from memory what the server would, hashing the bytes as the real fetcher does. No HTTP at all,
 * so its time per page is what the crawl adds on top of any fetching.
 */
export async function ourCrawlLogic(
  registry: Registry,
  files: BenchSites["files"],
  concurrency: number,
): Promise<Timed> {
  const fetcher: Fetcher = {
    userAgentToken: "bench",
    async close() {},
    async fetch(request) {
      const url = request.parsedUrl ?? new URL(request.url);
      const file = files.get(`${url.hostname}${url.pathname}`);
      await null;
      if (!file)
        throw new FetchError("http", request.url, `HTTP 404: ${request.url}`, {
          retryable: false,
          status: 404,
        });
      // A body of its own, allocated as the real fetcher's (shared/crawl/body.ts): unpooled, not zeroed.
      const bytes = new Uint8Array(
        Buffer.allocUnsafeSlow(file.body.byteLength).buffer,
        0,
        file.body.byteLength,
      );
      bytes.set(file.body);
      return {
        url: request.url,
        finalUrl: url.href,
        status: 200,
        notModified: false,
        bytes,
        sha256: hash("sha256", bytes, "hex"),
        contentType: file.contentType,
        etag: file.etag,
        lastModified: file.lastModified,
        redirects: [],
      };
    },
  };
  // The fastest of three runs: no network wait hides a cold start here, as it does in the stage.
  let best: Timed | undefined;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const { results } = await crawlAll(
      registry.bureaus,
      { fetcher, state: new MemoryCrawlState(), pacing: { minIntervalMs: 0 } },
      { concurrency },
    );
    const ms = performance.now() - t0;
    if (!best || ms < best.ms) best = { ms, pages: okVisits(results).length };
  }
  return best!;
}

/** CheerioCrawler fetching and parsing the pages: no persistence, no retries, fixed concurrency. */
export async function cheerioCrawler(
  sites: BenchSites,
  pages: readonly BenchPage[],
  concurrency: number,
): Promise<Timed> {
  log.setLevel(log.LEVELS.ERROR);
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false }),
  });
  let ok = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 0,
      useSessionPool: false,
      persistCookiesPerSession: false,
      additionalMimeTypes: ["text/plain"],
      statusMessageLoggingInterval: 3600,
      requestHandler: async ({ $, body }) => {
        // robots.txt comes as text (no $); HTML is parsed, as a scraper would before extracting.
        if (typeof $ === "function") $("title").text();
        else if (body.length === 0) return;
        ok++;
      },
    },
    config,
  );
  const urls = pages.map((p) => sites.proxiedUrl(p));
  const t0 = performance.now();
  await crawler.run(urls);
  const ms = performance.now() - t0;
  await crawler.teardown();
  return { ms, pages: ok };
}

function okVisits(results: readonly BureauCrawl[]): VisitRecord[] {
  return results.flatMap((r) => r.visited).filter((v) => v.status === 200);
}

/** Our fetch stage from a cold state: crawlAll with the real fetcher, pacing relaxed. */
export async function ourFetchStage(
  registry: Registry,
  concurrency: number,
): Promise<Timed & { visits: VisitRecord[] }> {
  const fetcher = createFetcher({
    ...(registry.resolve ? { resolve: registry.resolve } : {}),
    allowPrivateNetwork: true,
  });
  const state = new MemoryCrawlState();
  const t0 = performance.now();
  const { results } = await crawlAll(
    registry.bureaus,
    { fetcher, state, pacing: { minIntervalMs: 0 } },
    { concurrency },
  );
  const ms = performance.now() - t0;
  await fetcher.close();
  const visits = okVisits(results);
  return { ms, pages: visits.length, visits };
}

export interface CycleRun extends Timed {
  result: CycleResult;
  /** Report pages (not listings) seen by the crawl, and how each came back. */
  reportFetches: { fetched: number; notModified: number; sameHash: number };
  reads: number;
  writes: Record<string, number>;
  /** Every DynamoDB request, by command. */
  requests: Record<string, number>;
}

export interface CycleBench {
  run(): Promise<CycleRun>;
  close(): Promise<void>;
}

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/** The item kinds a write touches, from their sort keys (REPORT#…, FINDING#…, URL#…, META…). */
function writeCategories(command: { constructor: { name: string }; input?: unknown }): string[] {
  const name = command.constructor.name.replace(/Command$/, "");
  const prefix = (sk: unknown) => {
    const text = String(sk ?? "?");
    return text.split("#")[0] || text;
  };
  const input = (command.input ?? {}) as {
    Item?: { SK?: unknown };
    Key?: { SK?: unknown };
    RequestItems?: Record<
      string,
      { PutRequest?: { Item?: { SK?: unknown } }; DeleteRequest?: { Key?: { SK?: unknown } } }[]
    >;
  };
  if (input.RequestItems) {
    return Object.values(input.RequestItems)
      .flat()
      .map((r) => `${name} ${prefix(r.PutRequest?.Item?.SK ?? r.DeleteRequest?.Key?.SK)}`);
  }
  return [`${name} ${prefix(input.Item?.SK ?? input.Key?.SK)}`];
}

/**
 * The embedded stack the cycle runs store into: one dynalite process for every run of the bench, each
 * run on a table (and data directory) of its own, so each first cycle meets an empty table while the
 * database process stays up between runs, as DynamoDB does. Every request is counted.
 */
export interface CycleStore {
  stack: LocalStack;
  /** Items written since the last reset, by kind (a batch counts each of its items). */
  writes: Record<string, number>;
  /** Every DynamoDB request since the last reset, by command. */
  requests: Record<string, number>;
  close(): Promise<void>;
}

export async function startCycleStore(): Promise<CycleStore> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "gdm-crawl-bench-"));
  const stack = await startLocalStack({ dataDir });
  const writes: Record<string, number> = {};
  const requests: Record<string, number> = {};
  const doc = stack.dynamo.doc;
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  (doc as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command) => {
    const c = command as { constructor: { name: string } };
    const name = c.constructor.name.replace(/Command$/, "");
    requests[name] = (requests[name] ?? 0) + 1;
    if (WRITE_COMMANDS.test(c.constructor.name)) {
      for (const key of writeCategories(c)) writes[key] = (writes[key] ?? 0) + 1;
    }
    return send(command);
  };
  return {
    stack,
    writes,
    requests,
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Our full cycle (fetch, read, check, store) into its own table of `store`, counting requests. */
export async function startCycleBench(
  registry: Registry,
  concurrency: number,
  today: string,
  /** Reading as the local cycle reads (infra/local/local-cycle.ts): in worker threads. */
  reader: ReadPool,
  store: CycleStore,
  table: string,
): Promise<CycleBench> {
  const { stack, writes, requests } = store;
  await ensureTable(stack.dynamo.client, table);
  const repo = createRepository({ doc: stack.dynamo.doc, tableName: table });
  const runDir = path.join(stack.dataDir, table);
  const snapshots = new FileSnapshotStore(path.join(runDir, "snapshots"));
  const transport = new FileOutboxTransport(path.join(runDir, "outbox"));
  const fetcher = createFetcher({
    ...(registry.resolve ? { resolve: registry.resolve } : {}),
    allowPrivateNetwork: true,
  });
  const crawlState = repo.crawlState();
  return {
    async run() {
      for (const key of Object.keys(writes)) delete writes[key];
      for (const key of Object.keys(requests)) delete requests[key];
      let reads = 0;
      const read = (input: ReadInput) => {
        reads++;
        return reader.read(input);
      };
      const reportFetches = { fetched: 0, notModified: 0, sameHash: 0 };
      const t0 = performance.now();
      const result = await runCycle(
        registry,
        {
          repo,
          snapshots,
          read,
          today,
          cycleAt: new Date().toISOString(),
          crawlState,
          crawlDeps: { fetcher, state: crawlState, pacing: { minIntervalMs: 0 }, urlStateWrites: "deferred" },
          transport,
        },
        {
          concurrency,
          onCrawlProgress: ({ result: crawl }) => {
            for (const v of crawl.visited) {
              if (v.kind !== "report") continue;
              reportFetches.fetched++;
              if (v.outcome === "not-modified") reportFetches.notModified++;
            }
            for (const d of crawl.documents) {
              const visit = crawl.visited.find((v) => v.kind === "report" && v.url === d.url);
              if (d.unchanged && visit?.outcome === "ok") reportFetches.sameHash++;
            }
          },
        },
      );
      const ms = performance.now() - t0;
      const pages = result.bureaus.length; // replaced by the caller with the page count
      return { ms, pages, result, reportFetches, reads, writes: { ...writes }, requests: { ...requests } };
    },
    async close() {
      await fetcher.close();
    },
  };
}
