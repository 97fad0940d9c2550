// A registry may name a portal's shared column (a county's column of every department's reports) as a
// bureau's listing: over real HTTP the crawl takes only the bureau's own reports from it, never its
// neighbours' (whose years would count as found, and whose faults would be filed under the bureau). A
// bureau's own column that names it by an old name (of other years than its own reports) is read whole.
import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { faultBureau, faultHost, htmlFile, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("portal");
const title = (agency: string, year: number) => `${agency}${year}年政府信息公开工作年度报告`;
const item = (path: string, text: string) => `<li><a href="${path}">${text}</a></li>`;
const report = (text: string) => htmlFile(`<h1>${text}</h1><p>一、总体情况</p>`);

const sites = useFaultSites([HOST], {
  "/shared/": htmlFile(
    [
      item("/nb/tj2023.html", title("示例市统计局", 2023)),
      item("/nb/cz2023.html", title("示例市财政局", 2023)),
      item("/nb/jy2023.html", title("示例市教育局", 2023)),
      item("/nb/tj2022.html", title("市统计局", 2022)),
      item("/nb/cz2022.html", title("示例市财政局", 2022)),
      item("/nb/all2021.html", "2021年政府信息公开工作年度报告"),
    ].join(""),
  ),
  // Two agencies' column: the other has a report of a year this bureau has one of, so it is a neighbour
  // (and names itself after the year, as some portals' titles do).
  "/pair/": htmlFile(
    [
      item("/nb/tj2023.html", title("示例市统计局", 2023)),
      item("/nb/tj2022.html", title("市统计局", 2022)),
      item("/nb/sj2023.html", "2023年度示例市审计局政府信息公开工作年度报告"),
      item("/nb/sj2021.html", "2021年度示例市审计局政府信息公开工作年度报告"),
      item("/nb/self2021.html", "2021年度本局政府信息公开工作年度报告"),
    ].join(""),
  ),
  "/nb/self2021.html": report("2021年度本局政府信息公开工作年度报告"),
  "/own/": htmlFile(
    [
      item("/nb/tj2023.html", title("示例市统计局", 2023)),
      item("/nb/old2021.html", title("示例市统计处", 2021)),
    ].join(""),
  ),
  // The bureau's column, and beside it a link without a year naming another agency (a portal's sidebar):
  // nothing says that one is the bureau's under an old name.
  "/side/": htmlFile(
    [
      item("/nb/tj2023.html", title("示例市统计局", 2023)),
      item("/nb/202401/t20240110_5501.html", "示例市人民政府政府信息公开工作年度报告"),
    ].join(""),
  ),
  "/nb/tj2023.html": report(title("示例市统计局", 2023)),
  "/nb/tj2022.html": report(title("市统计局", 2022)),
  "/nb/all2021.html": report("2021年政府信息公开工作年度报告"),
  "/nb/old2021.html": report(title("示例市统计处", 2021)),
});

const crawl = (listing: string) =>
  crawlBureau(
    { ...faultBureau(sites.server, "portal", listing), name: "示例市统计局" },
    { fetcher: sites.fetcher, state: new MemoryCrawlState(), pacing: { minIntervalMs: 1 } },
  );

describe("a shared column of several agencies' reports", () => {
  it("yields only the bureau's own reports, and those that name no agency", async () => {
    const result = await crawl("/shared/");
    expect(result.errors).toEqual([]);
    expect(result.documents.map((d) => new URL(d.url).pathname).sort()).toEqual([
      "/nb/all2021.html",
      "/nb/tj2022.html",
      "/nb/tj2023.html",
    ]);
    expect(sites.server.log.some((e) => e.path.startsWith("/nb/cz") || e.path.startsWith("/nb/jy"))).toBe(
      false,
    );
  });

  it("yields only the bureau's own reports of a column shared with one other agency of the same years", async () => {
    const result = await crawl("/pair/");
    expect(result.errors).toEqual([]);
    expect(result.documents.map((d) => new URL(d.url).pathname).sort()).toEqual([
      "/nb/self2021.html",
      "/nb/tj2022.html",
      "/nb/tj2023.html",
    ]);
    expect(sites.server.log.some((e) => e.path.startsWith("/nb/sj"))).toBe(false);
  });

  it("does not take another agency's report without a year for the bureau's under an old name", async () => {
    const result = await crawl("/side/");
    expect(result.documents.map((d) => new URL(d.url).pathname)).toEqual(["/nb/tj2023.html"]);
    expect(sites.server.log.some((e) => e.path.startsWith("/nb/202401/"))).toBe(false);
  });

  it("keeps every report of a column that names one other agency: the bureau's old name", async () => {
    const result = await crawl("/own/");
    expect(result.documents.map((d) => new URL(d.url).pathname).sort()).toEqual([
      "/nb/old2021.html",
      "/nb/tj2023.html",
    ]);
  });
});
