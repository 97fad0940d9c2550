// Pages that redirect the reader themselves (meta refresh, a stub's script), as government CMSs put in
// front of columns and reports: the crawler follows them as a browser would, within the same rules as
// links (own hosts, a bound on hops), never mistakes a conditional script for a redirect, and never lets
// an unchanged stub hide a changed report.
import { describe, expect, it } from "vitest";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { BureauCrawl } from "../../shared/domain/crawl.ts";
import {
  faultHost,
  htmlFile,
  REPORT_TITLE,
  type StaticPages,
  useFaultSites,
} from "../support/fault-server.ts";

const HOST = faultHost("refresh");
const refresh = (content: string) => htmlFile("", `<meta http-equiv="Refresh" content="${content}">`);
const script = (code: string, body = "") => htmlFile(body, `<script type="text/javascript">${code}</script>`);
const report = (year: number, extra: () => string = () => "") =>
  htmlFile(
    () => `<h1>${REPORT_TITLE(year)}</h1><p>一、总体情况${extra()}</p>`,
    `<title>${REPORT_TITLE(year)}</title>`,
  );

let edition = "";
const PAGES: StaticPages = {
  "/nb/": refresh("0;url=list_1.html"),
  "/nb/list_1.html": htmlFile(
    [
      ["/nb/2023/stub.html", 2023],
      ["/nb/2022/refresh.html", 2022],
      ["/nb/2021/loop-a.html", 2021],
      ["/nb/2020/offsite.html", 2020],
      ["/nb/2019/mobile.html", 2019],
    ]
      .map(([href, year]) => `<li><a href="${href}">${REPORT_TITLE(Number(year))}</a></li>`)
      .join(""),
    "<title>政府信息公开年报</title>",
  ),
  "/nb/2023/stub.html": script('window.location.href = "/nb/2023/t20240115_1.html";'),
  "/nb/2023/t20240115_1.html": report(2023, () => edition),
  "/nb/2022/refresh.html": refresh("0; URL='/nb/2022/t20230120_2.html'"),
  "/nb/2022/t20230120_2.html": report(2022),
  "/nb/2021/loop-a.html": refresh("0;url=loop-b.html"),
  "/nb/2021/loop-b.html": refresh("0;url=loop-a.html"),
  "/nb/2020/offsite.html": refresh("1;url=http://evil.example.com/2020.html"),
  // A column entry that redirects by an HTTP Refresh header, its body empty.
  "/hdr/": {
    type: "text/html; charset=utf-8",
    headers: { refresh: "0; url=/nb/list_1.html" },
    body: () => Buffer.from(""),
  },
  // The same, its address a folder named in Chinese sent as raw UTF-8 bytes (as Location often is).
  "/hdr-utf8/": {
    type: "text/html; charset=utf-8",
    headers: { refresh: `0; url=${Buffer.from("/年报/list_1.html").toString("latin1")}` },
    body: () => Buffer.from(""),
  },
  "/%E5%B9%B4%E6%8A%A5/list_1.html": htmlFile(
    `<li><a href="/nb/2023/t20240115_1.html">${REPORT_TITLE(2023)}</a></li>`,
    "<title>政府信息公开年报</title>",
  ),
  "/nb/2019/mobile.html": script(
    'if (/iPhone|Android/i.test(navigator.userAgent)) { location.href = "/m/2019.html"; }',
    `<h1>${REPORT_TITLE(2019)}</h1>`,
  ),
};

const sites = useFaultSites([HOST], PAGES);

const crawl = (state: MemoryCrawlState, listing = "/nb/") => sites.crawl("refresh", listing, state);
const documents = (c: BureauCrawl) =>
  Object.fromEntries(
    c.documents.map((d) => [d.yearHint, { path: new URL(d.url).pathname, unchanged: d.unchanged }]),
  );
const answers = (from: number) =>
  sites.server.log
    .slice(from)
    .filter((e) => e.host === HOST && e.path !== "/robots.txt")
    .map((e) => `${e.path} ${e.status}`);

describe("an HTTP Refresh header", () => {
  it("is followed as a meta refresh is", async () => {
    const result = await crawl(new MemoryCrawlState(), "/hdr/");
    expect(Object.keys(documents(result))).toEqual(expect.arrayContaining(["2023", "2022"]));
    expect(result.visited.find((v) => v.url.endsWith("/hdr/"))?.detail).toBe(
      `redirects in the page to http://${HOST}/nb/list_1.html`,
    );
  });

  it("names a Chinese address in raw UTF-8 bytes, read as a browser reads it", async () => {
    const result = await crawl(new MemoryCrawlState(), "/hdr-utf8/");
    expect(result.errors).toEqual([]);
    expect(Object.keys(documents(result))).toEqual(["2023"]);
    expect(result.visited.find((v) => v.url.endsWith("/hdr-utf8/"))?.detail).toBe(
      `redirects in the page to http://${HOST}/%E5%B9%B4%E6%8A%A5/list_1.html`,
    );
  });
});

describe("redirects in the page", () => {
  const state = new MemoryCrawlState();

  it("follows a refreshing column entry and report stubs to the real pages, within bounds", async () => {
    const first = await crawl(state);
    expect(documents(first)).toEqual({
      2023: { path: "/nb/2023/t20240115_1.html", unchanged: false },
      2022: { path: "/nb/2022/t20230120_2.html", unchanged: false },
      // A script that only redirects phones is not a redirect: the page is the report.
      2019: { path: "/nb/2019/mobile.html", unchanged: false },
    });
    const visit = (path: string) => first.visited.find((v) => v.url.endsWith(path));
    expect(visit("/nb/")?.detail).toBe(`redirects in the page to http://${HOST}/nb/list_1.html`);
    expect(visit("/evil.example.com/2020.html") ?? visit("/2020.html")).toMatchObject({
      outcome: "skipped-host",
    });
    expect(first.errors).toContain(
      `report http://${HOST}/nb/2021/loop-b.html: more than 3 redirects in the page`,
    );
    expect(first.status).toBe("partial");
  });

  it("fetches a stub whole each cycle, so an unchanged stub never hides a changed report", async () => {
    const mark = sites.server.log.length;
    const second = await crawl(state);
    expect(documents(second)[2023]).toEqual({ path: "/nb/2023/t20240115_1.html", unchanged: true });
    expect(documents(second)[2022]?.unchanged).toBe(true);
    const seen = answers(mark);
    expect(seen).toContain("/nb/ 200");
    expect(seen).toContain("/nb/list_1.html 304");
    expect(seen).toContain("/nb/2023/stub.html 200");
    expect(seen).toContain("/nb/2023/t20240115_1.html 304");

    edition = "（修订）";
    const third = await crawl(state);
    expect(documents(third)[2023]).toEqual({ path: "/nb/2023/t20240115_1.html", unchanged: false });
    expect(documents(third)[2022]?.unchanged).toBe(true);
  });
});
