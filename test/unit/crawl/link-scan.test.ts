// The hand-written link scan must give exactly what the DOM gives (cheerio/parse5, the reference) and
// what the previous extractor (htmlparser2 stream, DOM fallback) gave, whenever it does not give up;
// and it must not give up on ordinary listing pages (the sample sites), or it would save nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractLinksWithDom, streamLinks } from "../../../shared/crawl/link-extract.ts";
import { linkBase, resolveHref } from "../../../shared/crawl/link-resolve.ts";
import { decodeReferences, scanLinks } from "../../../shared/crawl/link-scan.ts";
import { sampleHtmlPages } from "../../support/sample-pages.ts";

const BASE = "http://www.example.gov.cn/zwgk/nb/index.html";

/** What extractLinks returned before the scan existed. */
function previousExtractor(html: string, url: string) {
  return streamLinks(html, url) ?? extractLinksWithDom(html, url);
}

const regularWord = fc.constantFrom(
  "2023年",
  "政府信息公开工作年度报告",
  "下一页",
  " ",
  "\n ",
  "&nbsp;",
  "&amp;",
  "&lt;b&gt;",
  "&#x5E74;",
  "&#24180;",
  "&#128512;",
  "a & b",
  "1 < 2",
  "<3",
  "\t",
  "\r\n",
  "<!-- c -->",
);
const oddWord = fc.constantFrom(
  "&#0;",
  "&#150;",
  "&copy",
  "&notit;",
  "&AMP;",
  "x&y",
  "a & b",
  "&#",
  "1 < 2",
  "<3",
  "</>",
  "</ x>",
  "<!-->",
  "<!--->",
  "<!-- a --!> ",
  "<!---- x -->",
  "<!DOCTYPE x>",
  "<?x ?>",
  "\t",
  "\r\n",
  "\r",
  "\f",
);
const word = fc.oneof({ arbitrary: regularWord, weight: 12 }, { arbitrary: oddWord, weight: 1 });
const text = fc.array(word, { maxLength: 4 }).map((parts) => parts.join(""));
const href = fc.constantFrom(
  "/zwgk/nb/2023.html",
  "2022/",
  "../other/index_1.shtml",
  "t20240101_123.html#top",
  "HTTP://WWW.EXAMPLE.GOV.CN/A.PDF",
  "//cdn.example.gov.cn/f.docx?x=1&amp;y=2",
  "list.jsp?a=1&b=2",
  "list.jsp?a=1&copy=2",
  "list.jsp?a=1&para",
  "list.jsp?x=&#49;",
  "javascript:void(0)",
  "javascript:window.open('/art/2023/t1.html')",
  'javascript:openUrl("./202401/t2.html", "_blank")',
  "javascript:go('a.html','b.html')",
  "#",
  "",
  "  /spaced.html  ",
  "?page=2",
  "/path with space/报告.doc",
  "/a\n/b.wps",
  "/a\r\n/b.html",
  "/x.pdf&#46;html",
  "a/b/",
  "http://[bad",
);
const quote = fc.constantFrom('"', "'", "");
const attrs = fc
  .record({
    href: fc.option(href, { nil: undefined }),
    title: fc.option(text, { nil: undefined }),
    extra: fc.constantFrom(
      "",
      ' target="_blank"',
      " class=x",
      ' data-x=">"',
      " =odd",
      ' href="/dup.html"',
      " / ",
      ` onclick="window.open('/nb/on.html')"`,
      ` onclick='location.href="x.shtml"'`,
      ' ONCLICK="go(&quot;/q.html&quot;)"',
      ` onclick="f('/a.html');f('/b.html')"`,
    ),
    q: quote,
    upper: fc.boolean(),
    space: fc.constantFrom(" ", "\n", " \t"),
  })
  .map(({ href: h, title, extra, q, upper, space }) => {
    const name = (n: string) => (upper ? n.toUpperCase() : n);
    const value = (v: string) =>
      q === "" ? (v === "" || /[\s"'=<>`]/.test(v) ? `"${v}"` : v) : `${q}${v.replaceAll(q, "")}${q}`;
    const parts: string[] = [];
    if (h !== undefined) parts.push(`${name("href")}${space === " " ? "=" : " = "}${value(h)}`);
    if (title !== undefined) parts.push(`${name("title")}=${value(title)}`);
    return parts.map((p) => `${space}${p}`).join("") + extra;
  });

const inline: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: text, weight: 6 },
    fc.constantFrom(
      "<br>",
      "<img src=x.png alt=图>",
      "<!-- c -->",
      "<wbr/>",
      "<input>",
      "</br>",
      "<o:p></o:p>",
    ),
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom("span", "b", "font", "em", "strong", "FONT", "div", "h3", "p", "i"),
          tie("nodes"),
        )
        .map(([tag, inner]) => `<${tag}>${inner}</${tag}>`),
      weight: 2,
    },
    fc.constantFrom("<span>", "</span>", "<b>", "</i>", "<script>x</script>", "<a href=/n.html>n</a>"),
  ),
  nodes: fc.array(tie("node"), { maxLength: 3 }).map((n) => n.join("")),
})).nodes;

const anchor = fc
  .tuple(attrs, inline, fc.constantFrom("a", "A"), fc.constantFrom(">", "/>", " >"))
  .map(([a, inner, tag, close]) => `<${tag}${a}${close}${inner}</${tag}>`);

const block: fc.Arbitrary<string> = fc.letrec((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anchor,
    text,
    fc.tuple(tie("blocks")).map(([b]) => `<div class="list">${b}</div>`),
    fc.array(anchor, { maxLength: 3 }).map((as) => `<ul>${as.map((a) => `<li>${a}`).join("\n")}</ul>`),
    fc
      .array(anchor, { maxLength: 2 })
      .map((as) => `<table><tr>${as.map((a) => `<td>${a}</td>`).join("")}</tr></table>`),
    fc
      .array(anchor, { maxLength: 2 })
      .map((as) => `<table><caption>${as[0] ?? ""}</caption><tbody><tr><th>${as.join("<td>")}</table>`),
    fc
      .tuple(anchor, anchor)
      .map(([a, b]) => `<table><tr><td><table><tr><td>${a}</table>${b}</td></tr></table>`),
    fc.tuple(anchor, anchor).map(([a, b]) => `<table><tr><td>x</td>${a}</tr></table>${b}`),
    anchor.map((a) => `<table>${a}<tr><td>x</td></tr></table>`),
    anchor.map((a) => `<td>${a}</td><tr>`),
    fc.tuple(anchor, text).map(([a, t]) => `<p>${a.replace(/<\/a>$/i, "")}</p>${t}`),
    fc.tuple(attrs, text, anchor).map(([a, t, b]) => `<a${a}>${t}${b}`),
    anchor.map((a) => `<noscript>${a}</noscript>`),
    anchor.map((a) => `<iframe src=x>${a}</IFRAME >`),
    anchor.map((a) => `<title>${a}</title>`),
    anchor.map((a) => `<style>${a}</style x=">">`),
    anchor.map((a) => `<script>var s = '${a.replaceAll("'", "")}';</script>`),
    anchor.map((a) => `<script><!-- ${a} <script> </script> ${a}</script>`),
    anchor.map((a) => `<textarea>${a}</textarea>`),
    anchor.map((a) => `<select><option>${a}</select>`),
    anchor.map((a) => `<svg>${a}</svg>`),
    anchor.map((a) => `<b><p>${a}</b>x</p>`),
    fc.constantFrom(
      "<p>",
      "</p>",
      "</div>",
      "<br/>",
      "<hr>",
      "</li>",
      "<![CDATA[x]]>",
      "<?php ?>",
      "</a>",
      "<",
    ),
  ),
  blocks: fc.array(tie("block"), { maxLength: 4 }).map((b) => b.join("\n")),
})).blocks;

const page = fc
  .tuple(fc.boolean(), fc.boolean(), block)
  .map(
    ([doctype, head, body]) =>
      `${doctype ? "<!DOCTYPE html>" : ""}${head ? "<html><head><title>t</title></head><body>" : ""}${body}`,
  );

describe("link scan", () => {
  it("gives the DOM's links, texts and order on generated pages, or gives up", () => {
    let scanned = 0;
    let withLinks = 0;
    fc.assert(
      fc.property(page, (html) => {
        const fast = scanLinks(html, BASE);
        if (!fast) return;
        scanned++;
        if (fast.length > 0) withLinks++;
        // The DOM is the reference (the previous stream pass read "</>" as text; the DOM drops it).
        expect(fast).toEqual(extractLinksWithDom(html, BASE));
      }),
      { numRuns: 3000 },
    );
    // The generator is hostile on purpose; still, many pages with links must get through.
    expect(scanned).toBeGreaterThan(800);
    expect(withLinks).toBeGreaterThan(100);
  });

  it("gives what the previous extractor gave on every sample-site and seed page, rarely giving up", () => {
    const pages = sampleHtmlPages();
    expect(pages.length).toBeGreaterThan(100);
    let scanned = 0;
    let links = 0;
    for (const { url, html } of pages) {
      const fast = scanLinks(html, url);
      if (!fast) continue;
      scanned++;
      links += fast.length;
      expect(fast, url).toEqual(previousExtractor(html, url));
      expect(fast, url).toEqual(extractLinksWithDom(html, url));
    }
    expect(scanned).toBeGreaterThan(pages.length * 0.9);
    expect(links).toBeGreaterThan(pages.length);
  });

  it("decodes the usual character references and gives up on the irregular ones", () => {
    expect(decodeReferences("a&amp;b&nbsp;&#24180;&#x5E74;", false)).toBe("a&b\u00a0年年");
    expect(decodeReferences("?a=1&page=2", true)).toBe("?a=1&page=2");
    expect(decodeReferences("a & b", false)).toBe("a & b");
    expect(decodeReferences("&copy 2023", false)).toBeUndefined();
    expect(decodeReferences("&#150;", false)).toBeUndefined();
    expect(decodeReferences("&unknownname;", false)).toBeUndefined();
  });

  it("never throws, is deterministic and agrees with the DOM on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (html) => {
        const fast = scanLinks(html, BASE);
        expect(scanLinks(html, BASE)).toEqual(fast);
        if (fast) expect(fast).toEqual(extractLinksWithDom(html, BASE));
      }),
      { numRuns: 1000 },
    );
    const tags = fc.constantFrom(
      "<a href=x>",
      "</a>",
      "<b>",
      "</b>",
      "<table>",
      "<td>",
      "<tr>",
      "</table>",
      "<!--",
      "-->",
      "<script>",
      "</script>",
      "&amp;",
      "<",
      ">",
      '"',
      "'",
      "=",
      " ",
      "y",
    );
    fc.assert(
      fc.property(fc.array(tags, { maxLength: 30 }), (parts) => {
        const html = parts.join("");
        const fast = scanLinks(html, BASE);
        if (fast) expect(fast).toEqual(extractLinksWithDom(html, BASE));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("href resolution", () => {
  const bases = [
    BASE,
    "http://www.example.gov.cn/",
    "https://a.gov.cn:8443/x/y/index.shtml?q=1#top",
    "http://a.gov.cn/dir/",
    "http://[::1]:8080/a/b",
    "http://a.gov.cn/%E6%8A%A5/b.html",
    "http://user:pw@a.gov.cn/x/",
    "http://a.gov.cn/.hidden/./list/",
  ];
  const piece = fc.constantFrom(
    "/",
    "//",
    "./",
    "../",
    "..",
    ".",
    "a",
    "b.html",
    "?",
    "#",
    "x=1",
    "&",
    ":",
    "http:",
    "HTTPS://",
    "%2e",
    "%2E%2E",
    "\\",
    "\t",
    "\n",
    " ",
    "报告",
    "c d",
    "javascript:",
    "mailto:",
    "@",
    "[",
    "]",
    "%",
    "~",
    "index_1.shtml",
    "ftp://h/",
    ".x",
    "x.",
    ".@",
    "%2ex",
    "/.",
    "/..",
    "./t2024_1.html",
    "../../a/",
  );
  const href = fc.array(piece, { maxLength: 6 }).map((p) => p.join(""));

  it("resolves hrefs joined by hand exactly as new URL(href, base) does", () => {
    fc.assert(
      fc.property(href, fc.constantFrom(...bases), (h, b) => {
        expect(resolveHref(h, linkBase(b))).toBe(resolveHref(h, b));
      }),
      { numRuns: 20000 },
    );
    expect(resolveHref("/a", linkBase("not a url"))).toBeUndefined();
  });
});
