import { describe, expect, it } from "vitest";
import {
  flipbookBehindViewer,
  flipbookPage,
  flipbookStart,
  linksFlipbookPage,
} from "../../../shared/crawl/flipbook-pages.ts";

const bytes = (html: string) => new Uint8Array(Buffer.from(html));
const BOOK = "http://180.76.149.248:88/book/2022dzs/xinfang/files/basic-html";

describe("flipbook pages", () => {
  it("knows a page of a book's text version, and the book's other pages", () => {
    const page = flipbookPage(`${BOOK}/page8.html`);
    expect(page?.number).toBe(8);
    expect(page?.page(1)).toBe(`${BOOK}/page1.html`);
    expect(flipbookStart(`${BOOK}/page8.html`)).toBe(`${BOOK}/page1.html`);
    expect(flipbookStart(`${BOOK}/page1.html`)).toBeUndefined();
    expect(flipbookPage("http://a.gov.cn/zwgk/page8.html")).toBeUndefined();
    expect(flipbookPage("http://a.gov.cn/basic-html/index.html")).toBeUndefined();
    expect(flipbookPage("not a url")).toBeUndefined();
  });

  it("sees a link to the next page as the href's end, whatever its base", () => {
    for (const href of [
      "./page9.html",
      "page9.html",
      `${BOOK}/page9.html`,
      "/book/x/files/basic-html/page9.htm",
    ])
      expect(linksFlipbookPage(bytes(`<a href="${href}">下一页</a>`), 9)).toBe(true);
    expect(linksFlipbookPage(bytes(`<a href='page9.html'>下一页</a>`), 9)).toBe(true);
    // Not page 19, nor another site's "frontpage9.html".
    expect(linksFlipbookPage(bytes('<a href="./page19.html">'), 9)).toBe(false);
    expect(linksFlipbookPage(bytes('<a href="/frontpage9.html">'), 9)).toBe(false);
    expect(linksFlipbookPage(bytes("<p>P. 9</p>"), 9)).toBe(false);
  });

  it("finds the text version behind a small viewer page that links it", () => {
    const viewer = `<div id="flipbook"></div><noscript><a href="files/basic-html/page1.html">文字版</a></noscript>`;
    expect(flipbookBehindViewer(bytes(viewer), "http://a.gov.cn/book/nb/index.html")).toBe(
      "http://a.gov.cn/book/nb/files/basic-html/page1.html",
    );
    expect(flipbookBehindViewer(bytes("<p>一、总体情况</p>"), "http://a.gov.cn/nb/1.html")).toBeUndefined();
    // The first page itself is no viewer of itself.
    expect(flipbookBehindViewer(bytes('<a href="./page1.html">1</a>'), `${BOOK}/page1.html`)).toBeUndefined();
    // A large page is the report, whatever it links.
    const large = `${viewer}${"<p>正文</p>".repeat(20_000)}`;
    expect(flipbookBehindViewer(bytes(large), "http://a.gov.cn/nb/1.html")).toBeUndefined();
  });
});
