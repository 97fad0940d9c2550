// A report published as a flipbook (SPEC §5.4 #24): its text version is one plain page per PDF page,
// …/files/basic-html/page1.html … page5.html (its cover a picture), each linking the next. Over real HTTP the crawl reads the
// whole book as one document, whichever page or viewer the listing links, finds it unchanged as a whole
// on a quiet re-crawl, and reads the pages a grown book adds.
import { describe, expect, it } from "vitest";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("flipbook");
const BOOK = "/book/2023nb/files/basic-html";
const TEXTS = [
  // The cover: a picture, no text.
  '<img src="../files/large/1.jpg">',
  `<p>${REPORT_TITLE(2023)}</p><p>一、总体情况</p><p>本机关认真贯彻《条例》，做好政府信息公开工作。</p>`,
  "<p>二、主动公开政府信息情况</p><p>详见下表。</p><p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到申请。</p>",
  "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p><p>五、存在的主要问题及改进情况</p><p>一是公开内容不够全面。</p>",
  "<p>六、其他需要报告的事项</p><p>本机关无其他需要报告的事项。</p>",
];
let pageCount = 4;
/** As FlipBuilder writes a page of the text version: "P. n", links to its neighbours and to the viewer. */
const bookPage = (n: number) =>
  htmlFile(
    () =>
      `<div class="nav">${n > 1 ? `<a href="./page${n - 1}.html">上一页</a>` : ""}${n < pageCount ? `<a href="./page${n + 1}.html">下一页</a>` : ""}<a href="../../index.html#p=${n}">翻页版</a></div><div class="text">${TEXTS[n - 1]}</div>`,
    `<title>P. ${n}</title>`,
  );

const sites = useFaultSites([HOST], {
  // The listing links the page a search engine found, not the first.
  "/nb/": htmlFile(`<a href="${BOOK}/page3.html">${REPORT_TITLE(2023)}</a>`),
  // Another column links the viewer, whose text version is behind its link for readers without script.
  "/viewer/": htmlFile(`<a href="/book/2023nb/index.html">${REPORT_TITLE(2023)}</a>`),
  "/book/2023nb/index.html": htmlFile(
    `<div id="flipbook"></div><script src="javascript/flipbook.js"></script><noscript><a href="files/basic-html/page1.html">文字版</a></noscript>`,
    `<title>${REPORT_TITLE(2023)}</title>`,
  ),
  [`${BOOK}/page1.html`]: bookPage(1),
  [`${BOOK}/page2.html`]: bookPage(2),
  [`${BOOK}/page3.html`]: bookPage(3),
  [`${BOOK}/page4.html`]: bookPage(4),
  [`${BOOK}/page5.html`]: bookPage(5),
});

async function read(doc: { bytes?: Uint8Array; finalUrl: string; contentType?: string }) {
  return readReport({
    bytes: doc.bytes!,
    url: doc.finalUrl,
    ...(doc.contentType ? { contentType: doc.contentType } : {}),
  });
}

describe("a report published as a flipbook", () => {
  const state = new MemoryCrawlState();
  const crawl = (listing: string, crawlState = state) => sites.crawl("flipbook", listing, crawlState);

  it("is read from its first page to its last as one document", async () => {
    const first = await crawl("/nb/");
    expect(first.status).toBe("ok");
    expect(first.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${HOST}${BOOK}/page1.html`, 2023],
    ]);
    const report = await read(first.documents[0]!);
    expect(report.kind).toBe("annual-report");
    // The book's own title, from its cover page's text, not the page's "P. 1".
    expect(report.title).toBe(REPORT_TITLE(2023));
    // Sections 一 to 五, on the book's first four pages; the fifth page is not linked yet.
    expect(
      Object.entries(report.sections)
        .filter(([, s]) => s === null)
        .map(([key]) => key),
    ).toEqual(["other"]);
  });

  it("is unchanged as a whole on a quiet re-crawl: every page answers 304", async () => {
    const since = sites.server.log.length;
    const again = await crawl("/nb/");
    expect(again.documents[0]).toMatchObject({ unchanged: true });
    const pages = sites.server.log.slice(since).filter((e) => e.path.startsWith(BOOK));
    expect(pages.map((e) => [e.path, e.status])).toEqual(
      [1, 2, 3, 4].map((n) => [`${BOOK}/page${n}.html`, 304]),
    );
  });

  it("reads the page a grown book adds", async () => {
    pageCount = 5;
    const grown = await crawl("/nb/");
    expect(grown.documents[0]).toMatchObject({ unchanged: false });
    const report = await read(grown.documents[0]!);
    expect(Object.entries(report.sections).filter(([, s]) => s === null)).toEqual([]);
  });

  it("is found behind a viewer that links its text version", async () => {
    const viaViewer = await crawl("/viewer/", new MemoryCrawlState());
    expect(viaViewer.documents.map((d) => d.finalUrl)).toEqual([`http://${HOST}${BOOK}/page1.html`]);
    const report = await read(viaViewer.documents[0]!);
    expect(Object.entries(report.sections).filter(([, s]) => s === null)).toEqual([]);
  });
});
