// Politeness across a whole cycle: bureaus sharing a host never overlap on it, robots.txt rules are
// obeyed and cached between cycles, and a 404 robots.txt means "allow all".
import { describe, expect, it } from "vitest";
import { crawlAll } from "../../shared/crawl/crawl-all.ts";
import { commitUrlStates } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { useFaultSites } from "../support/fault-server.ts";

const SHARED = "www.shared-portal.test";
const NO_ROBOTS = "norobots.portal.test";
const sites = useFaultSites([SHARED, NO_ROBOTS]);

function bureau(id: string, host: string, listing: string): Bureau {
  return {
    id,
    name: id,
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `http://${host}/`,
    listings: [`http://${host}${listing}`],
  };
}

describe("politeness", () => {
  it("keeps one request in flight per host across concurrently crawled bureaus", async () => {
    const state = new MemoryCrawlState();
    const bureaus = [
      bureau("a", SHARED, "/healthy/"),
      bureau("b", SHARED, "/offsite/"),
      bureau("c", SHARED, "/charset/"),
      bureau("d", SHARED, "/private/nb/"),
    ];
    const { results } = await crawlAll(
      bureaus,
      { fetcher: sites.fetcher, state, pacing: { minIntervalMs: 2 } },
      { concurrency: 4 },
    );
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok", "unreachable"]);
    expect(sites.server.maxInFlight.get(SHARED)).toBe(1);
    // robots.txt "Disallow: /private/" is obeyed: the listing is never requested.
    expect(results[3]!.visited.map((v) => v.outcome)).toContain("skipped-robots");
    expect(sites.server.log.some((e) => e.path.startsWith("/private/"))).toBe(false);

    const robotsFetches = () =>
      sites.server.log.filter((e) => e.host === SHARED && e.path === "/robots.txt").length;
    expect(robotsFetches()).toBe(1);
    await crawlAll(bureaus.slice(0, 1), { fetcher: sites.fetcher, state, pacing: { minIntervalMs: 2 } });
    expect(robotsFetches()).toBe(1); // cached in the CrawlStateStore for the next cycle
  });

  it("treats a missing robots.txt (404) as allow-all", async () => {
    const { results } = await crawlAll([bureau("n", NO_ROBOTS, "/healthy/")], {
      fetcher: sites.fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 2 },
    });
    expect(results[0]!.status).toBe("ok");
    expect(results[0]!.documents).toHaveLength(2);
  });
});

describe("deferred validator writes", () => {
  it("writes nothing until the caller commits, so a cycle that failed to store re-fetches in full", async () => {
    const state = new MemoryCrawlState();
    const deps = {
      fetcher: sites.fetcher,
      state,
      pacing: { minIntervalMs: 2 },
      urlStateWrites: "deferred" as const,
    };
    const b = bureau("deferred", NO_ROBOTS, "/healthy/");
    const first = (await crawlAll([b], deps)).results[0]!;
    expect(state.urls.size).toBe(0);
    expect(first.pendingUrlStates?.length).toBeGreaterThan(0);
    const retried = (await crawlAll([b], deps)).results[0]!;
    expect(retried.documents.every((d) => !d.unchanged && d.bytes)).toBe(true);
    await commitUrlStates(state, retried);
    const third = (await crawlAll([b], deps)).results[0]!;
    expect(third.documents.every((d) => d.unchanged && !d.bytes)).toBe(true);
  });
});
