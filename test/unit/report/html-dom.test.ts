// The fast HTML tree (htmlparser2, checked) must read every page exactly as the HTML5 tree (parse5)
// does: well-formed pages take the fast path, anything parse5 would rebuild goes to parse5.

import type { Element } from "domhandler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractHtml } from "../../../shared/report/extract-html.ts";
import { parseHtmlDocument } from "../../../shared/report/html-dom.ts";

const URL = "http://www.example.gov.cn/zfxxgk/2023/report.html";
const bothWays = (html: string) => ({
  fast: extractHtml(html, { url: URL }),
  html5: extractHtml(html, { url: URL, html5: true }),
});

function firstTable(html: string): Element | undefined {
  const stack = [...parseHtmlDocument(html).children];
  while (stack.length > 0) {
    const node = stack.shift();
    if (node?.type !== "tag") continue;
    if (node.name === "table") return node;
    stack.push(...node.children);
  }
  return undefined;
}

const TAGS = [
  "p",
  "div",
  "span",
  "b",
  "i",
  "font",
  "strong",
  "em",
  "u",
  "a href='a.pdf'",
  "a href='b.doc'",
  "table",
  "tbody",
  "thead",
  "tr",
  "td",
  "th",
  "caption",
  "colgroup",
  "col",
  "li",
  "ul",
  "ol",
  "dl",
  "dd",
  "dt",
  "h1",
  "h2",
  "h3",
  "br",
  "img src=x.png",
  "hr",
  "select",
  "option",
  "form",
  "button",
  "input",
  "textarea",
  "pre",
  "listing",
  "center",
  "section",
  "nav",
  "header",
  "footer",
  "div class=title",
  "div id=footer",
  "p class=nav",
  "title",
  "script",
  "style",
  "noscript",
  "iframe",
  "template",
  "svg",
  "path/",
  "body",
  "html",
  "head",
  "nobr",
  "sup",
  "label",
  "meta name=pubdate content=2023-01-01",
];
const TEXTS = [
  "一、总体情况",
  "发布时间：2023-01-02",
  "本年新收",
  "12",
  "（一）",
  "x",
  " ",
  "\n",
  "&nbsp;",
  "&amp;",
  "&lt;",
  "<!-- c -->",
  "2023年政府信息公开工作年度报告",
];
const tagSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...TAGS).map((t) => `</${t.split(" ")[0]?.replace("/", "")}>`),
      fc.constantFrom(...TEXTS),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

/** Mostly well-nested markup with an occasional end tag left out: the shape of real CMS output. */
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(...TEXTS),
    fc.constantFrom("<br>", "<img src=a.png>", "<hr>", "<input>"),
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(tie("tree"), { maxLength: 5 }), fc.nat(9))
      .map(([tag, kids, drop]) => `<${tag}>${kids.join("")}${drop === 0 ? "" : `</${tag.split(" ")[0]}>`}`),
  ),
}));
const nestedPage = fc
  .array(tree, { maxLength: 6 })
  .map((parts) => `<html><head><title>t</title></head><body>${parts.join("")}</body></html>`);

/** Markup the two tokenisers read differently: CDATA, odd end tags and comments, script escapes. */
const TOKENS = [
  "a < b",
  "<3",
  "</>",
  "</ >",
  "<!",
  "<?php echo 1; ?>",
  "<![CDATA[x<p>y]]>",
  "<!-->",
  "<!--->",
  "<!--x--!>",
  "<!--[if IE]><p>x</p><![endif]-->",
  "<script><!--",
  "<script>",
  "</script>",
  "-->",
  "<title>A&amp;B<p></title>",
  "<textarea>\nx</textarea>",
  "<p>",
  "</p>",
  "<td>",
  "<table>",
  "文本",
  "<iframe>",
  "</iframe>",
  "<noscript>",
  "</noscript>",
  "<!DOCTYPE x>",
  "<a href='c.pdf'>",
  "</a>",
  "&#x;",
  "&",
  "<br/>",
  "</DIV>",
  "<div\nclass=title>",
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(""));

describe("parseHtmlDocument", () => {
  it("builds a well-formed page with htmlparser2 (no implied <tbody>)", () => {
    const table = firstTable("<table><tr><td>1</td><td>2</td></tr></table>");
    expect(table?.children.find((c) => c.type === "tag")).toMatchObject({ name: "tr" });
  });

  it("hands markup parse5 would rebuild to parse5 (text foster-parented out of a table)", () => {
    const table = firstTable("<table><tr><td>1</td></tr>stray<tr><td>2</td></tr></table>");
    expect(table?.children.find((c) => c.type === "tag")).toMatchObject({ name: "tbody" });
  });
});

describe("extractHtml: the fast tree reads pages as the HTML5 tree does", () => {
  it.each([
    ["stray text between rows", "<table><tr><td>1</td></tr>说明<tr><td>2</td></tr></table>"],
    ["unclosed cells and rows", "<table><tr><td>本年新收<td>3<tr><td>上年结转<td>1</table>"],
    ["a table inside a paragraph", "<p>前言<table><tr><td>a</td><td>b</td></tr></table>后记</p>"],
    ["misnested formatting", "<p><b>一、总体情况</p>正文</b><p>二、主动公开</p>"],
    ["a cell's content left open", "<table><tr><td><span><p>1</td><td>2</td></tr></table>"],
    ["nested links", "<a href='a.pdf'>附件1<a href='b.pdf'>附件2</a></a>"],
    ["a heading closed by another", "<h1>2023年报告</h2><p>正文</p>"],
    ["content after </body>", "<html><body><div>正文</body>尾部</html>"],
    ["raw text in noscript", "<div>a<noscript><p>不支持</p></noscript>b</div>"],
    ["CRLF line breaks", "<p>第一行\r\n第二行</p>\r\n<p>三</p>"],
    ["a page cut inside a tag", "<div>一、总体情况</div><ta"],
  ])("%s", (_name, html) => {
    const { fast, html5 } = bothWays(html);
    expect(fast).toEqual(html5);
  });

  it("on arbitrary tag soup", () => {
    fc.assert(
      fc.property(tagSoup, (html) => {
        const { fast, html5 } = bothWays(html);
        expect(fast).toEqual(html5);
      }),
      { numRuns: 400 },
    );
  });

  it("on tokeniser edge cases", () => {
    fc.assert(
      fc.property(tokenSoup, (html) => {
        const { fast, html5 } = bothWays(html);
        expect(fast).toEqual(html5);
      }),
      { numRuns: 400 },
    );
  });

  it("on mostly well-nested pages", () => {
    fc.assert(
      fc.property(nestedPage, (html) => {
        const { fast, html5 } = bothWays(html);
        expect(fast).toEqual(html5);
      }),
      { numRuns: 400 },
    );
  });
});
