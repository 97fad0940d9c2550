import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractLinks, extractLinksWithDom, streamLinks } from "../../../shared/crawl/link-extract.ts";
import { sampleHtmlPages } from "../../support/sample-pages.ts";

const BASE = "http://www.example.gov.cn/zwgk/nb/index.html";

const word = fc.constantFrom(
  "2023年",
  "政府信息公开工作年度报告",
  "下一页",
  " ",
  "\n  ",
  "&nbsp;",
  "&amp;",
  "&lt;b&gt;",
  "&#x5E74;",
  "&#24180;",
  "&copy",
  "x&y",
  "报告.pdf",
  "\t",
  "\r\n",
);
const text = fc.array(word, { maxLength: 5 }).map((parts) => parts.join(""));
const href = fc.constantFrom(
  "/zwgk/nb/2023.html",
  "2022/",
  "../other/index_1.shtml",
  "t20240101_123.html#top",
  "HTTP://WWW.EXAMPLE.GOV.CN/A.PDF",
  "//cdn.example.gov.cn/f.docx?x=1&amp;y=2",
  "javascript:void(0)",
  "#",
  "",
  "  /spaced.html  ",
  "mailto:a@b.cn",
  "?page=2",
  "/path with space/报告.doc",
  "/a\n/b.wps",
  "/x.pdf&#46;html",
  "http://[bad",
  "down.aspx?name=2023年报.doc&t=文档#f",
  "/年报/?q=年報&amp;x=1",
);
const quote = fc.constantFrom('"', "'", "");
const attrs = fc
  .record({
    href: fc.option(href, { nil: undefined }),
    title: fc.option(text, { nil: undefined }),
    q: quote,
    upper: fc.boolean(),
  })
  .map(({ href: h, title, q, upper }) => {
    const name = (n: string) => (upper ? n.toUpperCase() : n);
    const value = (v: string) =>
      q === "" ? (v === "" || /[\s"'=<>`]/.test(v) ? `"${v}"` : v) : `${q}${v.replaceAll(q, "")}${q}`;
    const parts: string[] = [];
    if (h !== undefined) parts.push(`${name("href")}=${value(h)}`);
    if (title !== undefined) parts.push(`${name("title")}=${value(title)}`);
    return parts.map((p) => ` ${p}`).join("");
  });

// Inline content of a link: text, phrasing elements, comments, scripts.
const inline: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.constantFrom("<br>", "<img src=x.png alt=图>", "<!-- c -->", "<wbr/>"),
    fc
      .tuple(fc.constantFrom("span", "b", "font", "em", "strong", "FONT"), tie("nodes"))
      .map(([tag, inner]) => `<${tag}>${inner}</${tag}>`),
  ),
  nodes: fc.array(tie("node"), { maxLength: 3 }).map((n) => n.join("")),
})).nodes;

const anchor = fc
  .tuple(attrs, inline, fc.boolean())
  .map(([a, inner, upper]) => (upper ? `<A${a}>${inner}</A>` : `<a${a}>${inner}</a>`));

// Block structure around links, including what parse5 treats specially (tables, unclosed li/p,
// links left open, nested links, raw-text elements): the extractor must agree or fall back.
const block: fc.Arbitrary<string> = fc.letrec((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anchor,
    text,
    fc.tuple(tie("blocks")).map(([b]) => `<div class="list">${b}</div>`),
    fc.array(anchor, { maxLength: 3 }).map((as) => `<ul>${as.map((a) => `<li>${a}`).join("\n")}</ul>`),
    fc.array(anchor, { maxLength: 3 }).map((as) => `<ul>${as.map((a) => `<li>${a}</li>`).join("")}</ul>`),
    fc
      .array(anchor, { maxLength: 2 })
      .map((as) => `<table><tr>${as.map((a) => `<td>${a}</td>`).join("")}</tr></table>`),
    anchor.map((a) => `<table>${a}<tr><td>x</td></tr></table>`),
    fc.tuple(anchor, text).map(([a, t]) => `<p>${a.replace(/<\/a>$/i, "")}</p>${t}`),
    fc.tuple(attrs, text, anchor).map(([a, t, b]) => `<a${a}>${t}${b}`),
    fc.tuple(attrs, text).map(([a, t]) => `<a${a}><div>${t}</div></a>`),
    anchor.map((a) => `<noscript>${a}</noscript>`),
    anchor.map((a) => `<script>var s = '${a.replaceAll("'", "")}';</script>`),
    anchor.map((a) => `<textarea>${a}</textarea>`),
    fc.constantFrom("<p>", "</p>", "</div>", "<br/>", "<hr>", "</li>", "<![CDATA[x]]>", "<?php ?>"),
  ),
  blocks: fc.array(tie("block"), { maxLength: 4 }).map((b) => b.join("\n")),
})).blocks;

const page = fc
  .tuple(fc.boolean(), fc.boolean(), block)
  .map(
    ([doctype, head, body]) =>
      `${doctype ? "<!DOCTYPE html>" : ""}${head ? "<html><head><title>t</title></head><body>" : ""}${body}`,
  );

describe("streaming link extraction", () => {
  it("gives the same links, texts and order as the DOM on generated pages", () => {
    let streamed = 0;
    let withLinks = 0;
    fc.assert(
      fc.property(page, (html) => {
        const reference = extractLinksWithDom(html, BASE);
        const fast = streamLinks(html, BASE);
        if (fast) {
          streamed++;
          if (reference.length > 0) withLinks++;
          expect(fast).toEqual(reference);
        }
        expect(extractLinks(html, BASE)).toEqual(reference);
      }),
      { numRuns: 1500 },
    );
    // Most pages take the fast path (the fallback is for tangled markup), many of them with links.
    expect(streamed).toBeGreaterThan(500);
    expect(withLinks).toBeGreaterThan(100);
  });

  it("gives the DOM's links on generated pages when queries go in the page's encoding", () => {
    for (const encoding of ["gb18030", "big5-hkscs"]) {
      fc.assert(
        fc.property(page, (html) => {
          const reference = extractLinksWithDom(html, BASE, encoding);
          const fast = streamLinks(html, BASE, encoding);
          if (fast) expect(fast).toEqual(reference);
          expect(extractLinks(html, BASE, undefined, encoding)).toEqual(reference);
          // Only a query's non-ASCII characters change: with none, the link is the UTF-8 page's.
          const plain = extractLinksWithDom(html, BASE);
          for (const [i, link] of reference.entries())
            if (!/\?[^#]*[\u0080-\uffff]/.test(html)) expect(link.url).toBe(plain[i]?.url);
        }),
        { numRuns: 400 },
      );
    }
  });

  it("gives the same links as the DOM on every sample-site and seed page", () => {
    const pages = sampleHtmlPages();
    expect(pages.length).toBeGreaterThan(20);
    let streamed = 0;
    for (const { url, html } of pages) {
      const fast = streamLinks(html, url);
      if (fast) streamed++;
      expect(fast ?? extractLinks(html, url), url).toEqual(extractLinksWithDom(html, url));
    }
    expect(streamed).toBeGreaterThan(pages.length * 0.9);
  });

  it("stops at the link cap like the DOM does", () => {
    const html = Array.from({ length: 5003 }, (_, i) => `<a href="/p${i}.html">${i}</a>`).join("");
    const links = extractLinks(html, BASE);
    expect(links).toHaveLength(5000);
    expect(links).toEqual(extractLinksWithDom(html, BASE));
  });

  it("never throws and is deterministic on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (html) => {
        expect(extractLinks(html, BASE)).toEqual(extractLinks(html, BASE));
      }),
      { numRuns: 300 },
    );
  });
});

describe("links a script opens", () => {
  it("takes the one address a javascript: href or an onclick opens, by every extraction path", () => {
    const html = `<ul>
      <li><a href="javascript:window.open('/art/2024/1/16/art_12_345.html')">2023年度报告</a></li>
      <li><a href="#" onclick="openDetail(&quot;./202301/t20230112_9.html&quot;);return false;">2022年度报告</a></li>
      <li><a href="javascript:void(0)" onclick="window.open('2021/nb.pdf','_blank','width=800')">2021年度报告</a></li>
      <li><a href="javascript:void(0)" onclick="go(isMobile ? '/m/a.html' : '/a.html')">二选一</a></li>
      <li><a href="javascript:void(0)">无地址</a></li>
      <li><a href="/plain.html" onclick="track('/stats.gif')">普通链接</a></li>
    </ul>`;
    const expected = [
      { url: "http://www.example.gov.cn/art/2024/1/16/art_12_345.html", text: "2023年度报告" },
      { url: "http://www.example.gov.cn/zwgk/nb/202301/t20230112_9.html", text: "2022年度报告" },
      { url: "http://www.example.gov.cn/zwgk/nb/2021/nb.pdf", text: "2021年度报告" },
      { url: "http://www.example.gov.cn/plain.html", text: "普通链接" },
    ];
    expect(extractLinks(html, BASE)).toEqual(expected);
    expect(streamLinks(html, BASE)).toEqual(expected);
    expect(extractLinksWithDom(html, BASE)).toEqual(expected);
  });
});
