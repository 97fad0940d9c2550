// Link queries in the page's own encoding, as browsers send them (URL standard, encoding override): the
// same URL from the fast scan, the streaming pass and the DOM, for GBK and Big5 pages; UTF-8 as before.
import { describe, expect, it } from "vitest";
import { extractLinks, extractLinksWithDom, streamLinks } from "../../../shared/crawl/link-extract.ts";
import { queryEncodingFor, resolveHref } from "../../../shared/crawl/link-resolve.ts";
import { scanLinks } from "../../../shared/crawl/link-scan.ts";

const BASE = "http://www.example.gov.cn/zwgk/nb/";
const HREF = "../附件/down.aspx?name=2023年报.doc&type=文档#top";
const PATH = "http://www.example.gov.cn/zwgk/%E9%99%84%E4%BB%B6/down.aspx";

describe("queryEncodingFor", () => {
  it("is the page's encoding unless UTF-8 or UTF-16 (whose queries go as UTF-8)", () => {
    expect(queryEncodingFor("gb18030")).toBe("gb18030");
    expect(queryEncodingFor("big5-hkscs")).toBe("big5-hkscs");
    for (const utf of ["utf-8", "UTF-8", "utf-16le", "utf-16be", undefined])
      expect(queryEncodingFor(utf)).toBeUndefined();
    expect(queryEncodingFor("no-such-charset")).toBeUndefined();
  });
});

describe("a link's query on a non-UTF-8 page", () => {
  const html = `<p><a href="${HREF}">2023年报</a></p>`;
  // Tables make the scan hand over to the DOM: every path must agree.
  const tangled = `<table><tr><td><a href="${HREF}"><div>2023年报</div></a></td></tr></table>`;

  it.each([
    ["gb18030", `${PATH}?name=2023%C4%EA%B1%A8.doc&type=%CE%C4%B5%B5`],
    ["big5-hkscs", `${PATH}?name=2023%A6~%B3%F8.doc&type=%A4%E5%C0%C9`],
  ])("is sent in %s, the path in UTF-8, by every way of finding links", (encoding, expected) => {
    const forEncoding = (h: string) =>
      h
        .replace("年报", encoding === "gb18030" ? "年报" : "年報")
        .replace("文档", encoding === "gb18030" ? "文档" : "文檔");
    const page = forEncoding(html);
    expect(scanLinks(page, BASE, undefined, encoding)?.map((l) => l.url)).toEqual([expected]);
    expect(streamLinks(page, BASE, encoding)?.map((l) => l.url)).toEqual([expected]);
    expect(extractLinksWithDom(page, BASE, encoding).map((l) => l.url)).toEqual([expected]);
    expect(extractLinks(forEncoding(tangled), BASE, undefined, encoding).map((l) => l.url)).toEqual([
      expected,
    ]);
  });

  it("is left as UTF-8 on a UTF-8 page, and an already escaped query is left alone", () => {
    expect(extractLinks(html, BASE).map((l) => l.url)).toEqual([resolveHref(HREF, BASE)]);
    const escaped = `<a href="down.aspx?name=%C4%EA%B1%A8">年报</a>`;
    expect(extractLinks(escaped, BASE, undefined, "gb18030").map((l) => l.url)).toEqual([
      `${BASE}down.aspx?name=%C4%EA%B1%A8`,
    ]);
  });
});
