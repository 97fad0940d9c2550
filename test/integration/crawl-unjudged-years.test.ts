// A crawl that read every listing but could not fetch some report documents says which years those were,
// so report-missing is still judged for the others: a report robots.txt forbids, or one whose server
// fails, must not hide for ever that this year's report is missing. A dead link (404, 410) is not a
// failure to fetch but a definite answer: the report is not there, its year is judged, and the crawl
// names the link for the finding's evidence. Over real HTTP.
import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { faultBureau, faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("unjudged");
const link = (href: string, text: string) => `<a href="${href}">${text}</a>`;
const report = (year: number) => htmlFile(`<h1>${REPORT_TITLE(year)}</h1><p>一、总体情况</p>`);

const sites = useFaultSites([HOST], {
  // 2023's link is dead (nothing is served there), 2022's page is fine.
  "/dead/": htmlFile(link("/dead/2023.html", REPORT_TITLE(2023)) + link("/nb/2022.html", REPORT_TITLE(2022))),
  // A dead link whose text names no year (the registry's link pattern makes it a report) could be any year's.
  "/noyear/": htmlFile(link("/noyear/nb-gone.html", "年度报告") + link("/nb/2022.html", REPORT_TITLE(2022))),
  // The fault server's robots.txt forbids /private/.
  "/forbidden/": htmlFile(
    link("/private/2023.html", REPORT_TITLE(2023)) + link("/nb/2022.html", REPORT_TITLE(2022)),
  ),
  "/good/": htmlFile(link("/nb/2022.html", REPORT_TITLE(2022))),
  // 2023's report server fails (500); 2021's is gone for good (410).
  "/failing/": htmlFile(
    link("/5xx/2023.html", REPORT_TITLE(2023)) +
      link("/status/410/2021.html", REPORT_TITLE(2021)) +
      link("/nb/2022.html", REPORT_TITLE(2022)),
  ),
  "/nb/2022.html": report(2022),
  // 2023's link leads to the site's "page not found" page, answered with 200.
  "/soft/": htmlFile(link("/soft/2023.html", REPORT_TITLE(2023)) + link("/nb/2022.html", REPORT_TITLE(2022))),
  "/soft/2023.html": htmlFile(
    "<p>抱歉，您访问的页面不存在或已被删除！</p><a href='/'>返回首页</a>",
    "<title>页面不存在</title>",
  ),
});

const crawl = (listings: string[]) => {
  const bureau = faultBureau(sites.server, "unjudged", listings[0]!);
  return crawlBureau(
    { ...bureau, listings: listings.map((l) => `http://${HOST}${l}`), linkPatterns: ["/nb-gone\\.html$"] },
    { fetcher: sites.fetcher, state: new MemoryCrawlState(), pacing: { minIntervalMs: 1 } },
  );
};

describe("a crawl whose only failures are named years' report documents", () => {
  it("counts a dead link as checked, judges its year and names the link", async () => {
    const result = await crawl(["/dead/"]);
    // The site answered everything asked of it: a dead link is a finding's evidence, not a crawl error.
    expect(result.status).toBe("ok");
    expect(result.unjudgedYears).toBeUndefined();
    expect(result.deadLinks).toEqual([
      { url: `http://${HOST}/dead/2023.html`, status: 404, year: 2023, linkText: REPORT_TITLE(2023) },
    ]);
    expect(result.documents.map((d) => d.yearHint)).toEqual([2022]);
    expect(result.errors).toEqual([]);
    expect(result.visited.find((v) => v.url.endsWith("/dead/2023.html"))).toMatchObject({
      outcome: "error",
      status: 404,
    });
  });

  it("takes a report link leading to a page-not-found page for a dead link, and reads nothing of it", async () => {
    const result = await crawl(["/soft/"]);
    expect(result.status).toBe("ok");
    expect(result.errors).toEqual([]);
    expect(result.unjudgedYears).toBeUndefined();
    expect(result.deadLinks).toEqual([
      {
        url: `http://${HOST}/soft/2023.html`,
        status: 200,
        softNotFound: true,
        year: 2023,
        linkText: REPORT_TITLE(2023),
      },
    ]);
    expect(result.documents.map((d) => d.yearHint)).toEqual([2022]);
    expect(result.visited.find((v) => v.url.endsWith("/soft/2023.html"))).toMatchObject({
      outcome: "error",
      detail: expect.stringContaining("soft 404"),
    });
  });

  it("leaves the year of a failing server open, and judges the year of a 410", async () => {
    const result = await crawl(["/failing/"]);
    expect(result.status).toBe("partial");
    expect(result.unjudgedYears).toEqual([2023]);
    expect(result.errors).toEqual([expect.stringContaining("/5xx/2023.html")]);
    expect(result.deadLinks).toEqual([
      expect.objectContaining({ url: `http://${HOST}/status/410/2021.html`, status: 410, year: 2021 }),
    ]);
  });

  it("says so of a report robots.txt forbids, which it never fetches", async () => {
    const result = await crawl(["/forbidden/"]);
    expect(result.unjudgedYears).toEqual([2023]);
    expect(result.deadLinks).toBeUndefined();
    expect(result.errors).toEqual([
      expect.stringMatching(/^report http:\/\/\S+\/private\/2023\.html: .*robots/),
    ]);
    expect(sites.server.log.some((e) => e.path.startsWith("/private/"))).toBe(false);
  });

  it("judges every year after a dead link that named none, and none when a listing failed too", async () => {
    const noYear = await crawl(["/noyear/"]);
    expect(noYear.status).toBe("ok");
    expect(noYear.unjudgedYears).toBeUndefined();
    expect(noYear.deadLinks).toEqual([
      { url: `http://${HOST}/noyear/nb-gone.html`, status: 404, linkText: "年度报告" },
    ]);

    const listingGone = await crawl(["/dead/", "/gone-listing/"]);
    expect(listingGone.status).toBe("partial");
    expect(listingGone.unjudgedYears).toBeUndefined();
  });

  it("names none when nothing failed", async () => {
    const result = await crawl(["/good/"]);
    expect(result.status).toBe("ok");
    expect(result.unjudgedYears).toBeUndefined();
    expect(result.deadLinks).toBeUndefined();
  });
});
