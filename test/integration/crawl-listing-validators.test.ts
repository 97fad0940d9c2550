// Listing pages are fetched conditionally too: on an unchanged site they come back 304, and the links
// remembered from last time still lead to every report, next page and attachment, without a write.
import { describe, expect, it } from "vitest";
import { crawlAll } from "../../shared/crawl/crawl-all.ts";
import { type CrawlDeps, commitUrlStates } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { BureauCrawl } from "../../shared/domain/crawl.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { useFaultSites } from "../support/fault-server.ts";

const HOST = "healthy.listing.test";
const sites = useFaultSites([HOST]);

function bureau(extra: Partial<Bureau> = {}): Bureau {
  const origin = sites.server.origin(HOST);
  return {
    id: "b-listing",
    name: "示例市统计局",
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `${origin}/`,
    listings: [`${origin}/healthy/`],
    ...extra,
  };
}

const depsFor = (state: MemoryCrawlState, extra: Partial<CrawlDeps> = {}): CrawlDeps => ({
  fetcher: sites.fetcher,
  state,
  pacing: { minIntervalMs: 1 },
  ...extra,
});

/** What a user gets from a crawl: the documents (with attachments) and the years they are for. */
const found = (crawl: BureauCrawl) =>
  crawl.documents.map((d) => ({
    url: d.url,
    yearHint: d.yearHint,
    linkText: d.linkText,
    attachments: d.attachments.map((a) => a.url),
  }));

/** How the server answered each listing page since `from`. */
const listingAnswers = (from: number) =>
  sites.server.log
    .slice(from)
    .filter((e) => e.host === HOST && /^\/healthy\/(?:index_\d+\.html)?$/.test(e.path))
    .map((e) => `${e.path} ${e.status}`);

describe("conditional listing fetches", () => {
  it("answers an unchanged re-crawl's listings with 304 and still yields the same documents, writing nothing", async () => {
    const state = new MemoryCrawlState();
    let mark = sites.server.log.length;
    const first = (await crawlAll([bureau()], depsFor(state))).results[0]!;
    expect(listingAnswers(mark)).toEqual(["/healthy/ 200", "/healthy/index_1.html 200"]);
    expect(found(first).map((d) => d.yearHint)).toEqual([2023, 2022]);
    expect(found(first)[0]!.attachments).toHaveLength(1);

    const writes = state.writes;
    mark = sites.server.log.length;
    const second = (await crawlAll([bureau()], depsFor(state))).results[0]!;
    expect(listingAnswers(mark)).toEqual(["/healthy/ 304", "/healthy/index_1.html 304"]);
    expect(second.status).toBe("ok");
    expect(found(second)).toEqual(found(first));
    expect(second.visited.filter((v) => v.kind === "listing").map((v) => v.outcome)).toEqual([
      "not-modified",
      "not-modified",
    ]);
    expect(state.writes).toBe(writes);
  });

  it("fetches listings in full again when the bureau's link patterns change", async () => {
    const state = new MemoryCrawlState();
    await crawlAll([bureau()], depsFor(state));
    const mark = sites.server.log.length;
    const changed = bureau({ linkPatterns: ["/healthy/notice\\.html$"] });
    const again = (await crawlAll([changed], depsFor(state))).results[0]!;
    expect(listingAnswers(mark)).toEqual(["/healthy/ 200", "/healthy/index_1.html 200"]);
    // The new pattern is applied (the notice is tried as a report), which a remembered analysis could not do.
    const tried = again.visited.filter((v) => v.kind === "report").map((v) => new URL(v.url).pathname);
    expect(tried).toContain("/healthy/notice.html");
  });

  it("in deferred mode, remembers a listing only once the caller commits", async () => {
    const state = new MemoryCrawlState();
    const deferred = depsFor(state, { urlStateWrites: "deferred" });
    const first = (await crawlAll([bureau()], deferred)).results[0]!;
    let mark = sites.server.log.length;
    await crawlAll([bureau()], deferred);
    expect(listingAnswers(mark)).toEqual(["/healthy/ 200", "/healthy/index_1.html 200"]);
    await commitUrlStates(state, first);
    mark = sites.server.log.length;
    const third = (await crawlAll([bureau()], deferred)).results[0]!;
    expect(listingAnswers(mark)).toEqual(["/healthy/ 304", "/healthy/index_1.html 304"]);
    expect(found(third)).toEqual(found(first));
    expect(third.pendingUrlStates).toEqual([]);
  });
});
