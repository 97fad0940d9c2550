// The crawler against a real misbehaving HTTP server: every fault ends in a bounded, recorded outcome,
// the healthy bureaus are crawled all the same, and a re-crawl of unchanged pages is all 304/unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlAll } from "../../shared/crawl/crawl-all.ts";
import type { CrawlDeps } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher, type Fetcher, USER_AGENT_TOKEN } from "../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { siteUnreachableFindings } from "../../shared/cycle/site-health.ts";
import type { BureauCrawl } from "../../shared/domain/crawl.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { type FaultServer, faultBureau, faultHost, startFaultServer } from "../support/fault-server.ts";

const FAULTS = {
  healthy: "/healthy/",
  timeout: "/timeout/",
  reset: "/reset/",
  error500: "/5xx/",
  waf: "/412/",
  jsl: "/521-challenge/",
  limited: "/429/",
  limitedonce: "/429-once/",
  slow: "/slow/",
  truncated: "/truncated/",
  charset: "/charset/",
  loop: "/redirect-loop/",
  huge: "/huge/",
  bomb: "/gzip-bomb/",
  robots503: "/healthy/",
  forbidden: "/private/nb/",
  trap: "/trap/",
  offsite: "/offsite/",
} as const;
type Name = keyof typeof FAULTS;

const hostOf = (name: Name) => faultHost(name);
let server: FaultServer;
let fetcher: Fetcher;
let state: MemoryCrawlState;
let deps: CrawlDeps;
let results: Record<string, BureauCrawl>;
let parkedHosts: Record<string, string>;

function bureau(name: Name): Bureau {
  return faultBureau(server, name, FAULTS[name]);
}

beforeAll(async () => {
  server = await startFaultServer();
  const names = Object.keys(FAULTS) as Name[];
  fetcher = createFetcher({
    resolve: server.resolve(names.map(hostOf)),
    allowPrivateNetwork: true,
    timeouts: { connectMs: 1000, headersMs: 800, bodyIdleMs: 800, totalMs: 1500 },
    maxBytes: { page: 1024 * 1024, document: 2 * 1024 * 1024 },
  });
  state = new MemoryCrawlState();
  deps = {
    fetcher,
    state,
    pacing: { minIntervalMs: 5, maxRetries: 1, backoffBaseMs: 5, retryAfterCapMs: 50, parkAfterFailures: 1 },
    limits: { maxListingPages: 6 },
  };
  const progress: string[] = [];
  const run = await crawlAll(names.map(bureau), deps, {
    concurrency: 4,
    onProgress: (p) => progress.push(`${p.done}/${p.total}`),
  });
  expect(progress).toHaveLength(names.length);
  results = Object.fromEntries(run.results.map((r) => [r.bureauId.slice(2), r]));
  parkedHosts = run.parkedHosts;
}, 60_000);

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const outcomes = (name: Name) => results[name]!.visited.map((v) => `${v.kind}:${v.outcome}`);

describe("crawl under faults", () => {
  it("crawls the healthy bureau fully: pagination, attachment, years, Big5 copy and notices left out", () => {
    const healthy = results.healthy!;
    expect(healthy.status).toBe("ok");
    expect(healthy.errors).toEqual([]);
    const docs = healthy.documents.map((d) => [new URL(d.url).pathname, d.yearHint, d.attachments.length]);
    expect(docs).toEqual([
      ["/healthy/2023/report.html", 2023, 1],
      ["/healthy/2022/report.html", 2022, 0],
    ]);
    const pdf = healthy.documents[0]!.attachments[0]!;
    expect(pdf.contentType).toBe("application/pdf");
    expect(new TextDecoder().decode(pdf.bytes)).toMatch(/^%PDF/);
    expect(healthy.documents.every((d) => !d.unchanged && d.sha256.length === 64)).toBe(true);
    expect(server.log.some((entry) => entry.path.includes("notice"))).toBe(false);
  });

  it.each([
    ["timeout", "listing:error"],
    ["reset", "listing:error"],
    ["error500", "listing:error"],
    ["waf", "listing:error"],
    ["jsl", "listing:error"],
    ["limited", "listing:error"],
    ["slow", "listing:error"],
    ["truncated", "listing:error"],
    ["loop", "listing:too-many-redirects"],
    ["huge", "listing:too-large"],
    ["bomb", "listing:too-large"],
    ["robots503", "listing:skipped-robots"],
    ["forbidden", "listing:skipped-robots"],
  ] as const)("%s: unreachable, with the visit recorded as %s", (name, outcome) => {
    const result = results[name]!;
    expect(result.status).toBe("unreachable");
    expect(result.documents).toEqual([]);
    expect(outcomes(name)).toContain(outcome);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it("says a column robots.txt forbids is forbidden, and one it could not vouch for is unreachable", () => {
    const finding = (name: Name) => siteUnreachableFindings(bureau(name), results[name]!)[0]?.message;
    expect(results.forbidden!.errors).toContain(
      `listing http://${hostOf("forbidden")}/private/nb/: disallowed by robots.txt`,
    );
    expect(finding("forbidden")).toContain("robots.txt 不允许访问其年报栏目");
    expect(finding("robots503")).toContain("本轮无法访问");
    expect(finding("timeout")).toContain("本轮无法访问");
    // A firewall that refuses crawlers: the office can ask the site to let the monitor in.
    expect(finding("waf")).toContain("拒绝了本系统的访问（HTTP 412");
    expect(finding("waf")).toContain(USER_AGENT_TOKEN);
    expect(finding("error500")).toContain("本轮无法访问");
    // 521 with a cookie script (加速乐): refused, not down, and asked once, not retried.
    expect(finding("jsl")).toContain("拒绝了本系统的访问（HTTP 521");
    expect(server.log.filter((e) => e.host === hostOf("jsl") && e.path === FAULTS.jsl)).toHaveLength(1);
  });

  it("parks and reports hosts that failed, never the healthy ones", () => {
    expect(Object.keys(parkedHosts)).toEqual(
      expect.arrayContaining([hostOf("timeout"), hostOf("robots503")]),
    );
    expect(parkedHosts[hostOf("healthy")]).toBeUndefined();
  });

  it("does not touch a parked host in the next cycle, and says why", async () => {
    const before = server.log.filter((e) => e.host === hostOf("timeout")).length;
    const { results: again } = await crawlAll([bureau("timeout")], deps);
    expect(again[0]!.status).toBe("unreachable");
    expect(again[0]!.errors.join(" ")).toContain("parked");
    expect(server.log.filter((e) => e.host === hostOf("timeout")).length).toBe(before);
  });

  it("waits out a 429 (Retry-After) and then crawls", () => {
    expect(results.limitedonce!.status).toBe("ok");
    expect(
      server.log.filter((e) => e.host === hostOf("limitedonce") && e.path === "/429-once/"),
    ).toHaveLength(2);
  });

  it("reads a GBK page labelled UTF-8 thanks to its <meta>", () => {
    expect(results.charset!.documents.map((d) => d.yearHint)).toEqual([2020]);
    expect(results.charset!.documents[0]!.linkText).toContain("政府信息公开工作年度报告");
  });

  it("ends an infinite pagination trap at the page limit, keeping what it found", () => {
    const trap = results.trap!;
    expect(trap.status).toBe("partial");
    expect(trap.visited.filter((v) => v.kind === "listing")).toHaveLength(6);
    expect(trap.errors.join(" ")).toContain("listing page limit");
    expect(trap.documents.map((d) => d.yearHint)).toEqual([2022]);
  });

  it("skips off-site links", () => {
    const offsite = results.offsite!;
    expect(offsite.documents.map((d) => d.yearHint)).toEqual([2021]);
    expect(offsite.visited.some((v) => v.url.includes("evil.example.com"))).toBe(false);
  });

  it("re-crawling unchanged sites gives 304/unchanged documents without bytes, and writes nothing", async () => {
    const writesBefore = state.writes;
    const quiet: Name[] = ["healthy", "charset", "offsite"];
    const again = await crawlAll(quiet.map(bureau), deps, { concurrency: 2 });
    for (const result of again.results) {
      expect(result.status).toBe("ok");
      const docs = result.documents.flatMap((d) => [d, ...d.attachments]);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        expect(doc.unchanged).toBe(true);
        expect(doc.bytes).toBeUndefined();
      }
      const documentVisits = result.visited.filter((v) => v.kind === "report" || v.kind === "attachment");
      expect(documentVisits.every((v) => v.outcome === "not-modified" && v.status === 304)).toBe(true);
    }
    expect(state.writes).toBe(writesBefore);
  });
});
