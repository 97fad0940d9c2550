import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block } from "../../../shared/domain/report.ts";
import { extractHtml } from "../../../shared/report/extract-html.ts";

const tables = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === "table" ? [b] : []));
const texts = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === "text" ? [b.raw] : []));
const page = (body: string, head = "") =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe("extractHtml: tables", () => {
  it("resolves rowspan/colspan into a true grid and joins in-cell line breaks", () => {
    const html = page(`<table>
      <tr><td rowspan="2">自然人</td><td colspan="2">法人或其他组织</td><td rowspan="2">总计</td></tr>
      <tr><td>商业<br>企业</td><td><p>科研</p><p>机构</p></td></tr>
      <tr><td>1</td><td>2</td><td>3</td><td>6</td></tr>
    </table>`);
    const [table] = tables(extractHtml(html).blocks);
    expect(table).toEqual({
      kind: "table",
      source: "html",
      rows: [
        ["自然人", "法人或其他组织", "法人或其他组织", "总计"],
        ["自然人", "商业企业", "科研机构", "总计"],
        ["1", "2", "3", "6"],
      ],
    });
  });

  it("pads short rows and drops rows and columns that are empty throughout", () => {
    const html = page(`<table>
      <tr><td>a</td><td></td><td>b</td></tr>
      <tr><td></td><td></td><td></td></tr>
      <tr><td>c</td></tr>
    </table>`);
    expect(tables(extractHtml(html).blocks)[0]?.rows).toEqual([
      ["a", "b"],
      ["c", ""],
    ]);
  });

  it("caps absurd spans at 200 columns and the table's own rows", () => {
    const html = page(
      `<table><tr><td colspan="100000">c</td><td>x</td></tr><tr><td rowspan="99999">d</td></tr></table>`,
    );
    const [table] = tables(extractHtml(html).blocks);
    expect(table?.rows.length).toBe(2);
    expect(table?.rows[0]?.length).toBe(200);
    expect(table?.rows[1]?.[0]).toBe("d");
  });

  it("walks layout tables as containers: inner data tables become table blocks, text stays text", () => {
    const html = page(`<table><tr><td>
        <p>一、总体情况</p><p>本年度共主动公开信息100条。</p>
        <table><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>1</td></tr></table>
        <p>二、主动公开政府信息情况</p>
      </td></tr></table>`);
    const doc = extractHtml(html);
    expect(doc.blocks.map((b) => b.kind)).toEqual(["text", "text", "table", "text"]);
    expect(tables(doc.blocks)[0]?.rows).toEqual([
      ["规章", "0"],
      ["行政规范性文件", "1"],
    ]);
  });

  it("lifts `|`-flattened tables printed as paragraphs", () => {
    const html = page(
      "<p>二、主动公开政府信息情况</p><p>信息内容 | 本年制发件数 |</p><p>规章 | 0 |</p><p>三、收到</p>",
    );
    const doc = extractHtml(html);
    expect(doc.blocks).toEqual([
      { kind: "text", text: "二、主动公开政府信息情况", raw: "二、主动公开政府信息情况" },
      {
        kind: "table",
        source: "pipe-text",
        rows: [
          ["信息内容", "本年制发件数"],
          ["规章", "0"],
        ],
      },
      { kind: "text", text: "三、收到", raw: "三、收到" },
    ]);
  });
});

describe("extractHtml: text, chrome, links, images, title, metadata", () => {
  const html = page(
    `<div class="header"><a href="/index.html">首页</a> 网站导航</div>
     <nav><a href="/zwgk/">政务公开</a></nav>
     <div class="position">当前位置：首页 &gt; 政府信息公开年报</div>
     <div class="article">
       <h1 class="article-title">某某局2022年政府信息公开工作年度报告</h1>
       <div class="info"><span>發布時間：2023-01-13 15:20</span> <span>信息来源：某某局</span></div>
       <table class="meta"><tr><td>索 引 号：</td><td>11350100/2023-00012</td><td>文号</td><td></td></tr>
         <tr><td>发布机构</td><td>某某局</td><td>成文日期</td><td>2023-01-10</td></tr></table>
       <p>&nbsp;一、总体情况<br>　　2022年，本局…</p>
       <div>正文第二段<span>续</span></div>
       <p><img src="img/table3.png" alt="表三"><img src="/icons/print.gif" width="16" height="16"></p>
       <p>附件：<a href="../files/report.pdf">报告全文</a> <a href="javascript:void(0)">打印</a></p>
       <script>var x = "不应出现";</script><style>.a{}</style>
       <p>【字体：大 中 小】</p>
     </div>
     <footer>主办单位：某某局 <a href="https://www.beian.gov.cn/">备案</a></footer>`,
    `<title>某某局2022年政府信息公开工作年度报告_某某局</title><base href="https://tjj.example.gov.cn/zwgk/nb/">
     <meta name="PubDate" content="2023-01-13 15:20"><meta name="ContentSource" content="某某局">
     <meta name="ArticleTitle" content="某某局2022年政府信息公开工作年度报告">`,
  );
  const doc = extractHtml(html, { url: "https://tjj.example.gov.cn/zwgk/nb/202301/t1.html" });

  it("emits body lines only, split at block elements and <br>, raw text kept", () => {
    expect(texts(doc.blocks)).toEqual([
      "某某局2022年政府信息公开工作年度报告",
      "一、总体情况",
      "　　2022年，本局…",
      "正文第二段续",
      "附件：报告全文 打印",
      "【字体：大 中 小】",
    ]);
    expect(doc.mediaType).toBe("html");
  });

  it("keeps images (resolved, icons skipped) in place", () => {
    expect(doc.blocks.filter((b) => b.kind === "image")).toEqual([
      { kind: "image", src: "https://tjj.example.gov.cn/zwgk/nb/img/table3.png", alt: "表三" },
    ]);
  });

  it("collects links everywhere (chrome included), resolved against <base>, no javascript:", () => {
    expect(doc.links).toEqual([
      { href: "https://tjj.example.gov.cn/index.html", text: "首页" },
      { href: "https://tjj.example.gov.cn/zwgk/", text: "政务公开" },
      { href: "https://tjj.example.gov.cn/zwgk/files/report.pdf", text: "报告全文" },
      { href: "https://www.beian.gov.cn/", text: "备案" },
    ]);
  });

  it("reads page metadata from meta tags, label spans and label/value tables", () => {
    expect(doc.pageMeta).toEqual({
      PubDate: "2023-01-13 15:20",
      ContentSource: "某某局",
      ArticleTitle: "某某局2022年政府信息公开工作年度报告",
      发布时间: "2023-01-13 15:20",
      信息来源: "某某局",
      索引号: "11350100/2023-00012",
      发布机构: "某某局",
      成文日期: "2023-01-10",
    });
    expect(tables(doc.blocks)).toEqual([]);
  });

  it("keeps a data table whose header happens to use metadata words", () => {
    const listing = extractHtml(
      page(`<table><tr><td>序号</td><td>名称</td><td>文号</td><td>时间</td></tr>
        <tr><td>1</td><td>某某办法</td><td>某发〔2022〕1号</td><td>2022-03-01</td></tr>
        <tr><td>2</td><td>某某规定</td><td>某发〔2022〕2号</td><td>2022-05-01</td></tr></table>`),
    );
    expect(listing.pageMeta).toEqual({});
    expect(tables(listing.blocks)[0]?.rows.length).toBe(3);
  });

  it("picks the report title", () => {
    expect(doc.title).toBe("某某局2022年政府信息公开工作年度报告");
    expect(extractHtml(page("<p>x</p>", "<title>年度报告 - 某网</title>")).title).toBe("年度报告 - 某网");
    expect(extractHtml(page("<h1>标题甲</h1><p>x</p>")).title).toBe("标题甲");
  });

  it("falls back to an unfiltered read when the whole body sits in a chrome-named box", () => {
    const wrapped = extractHtml(page('<div id="header_wrap"><p>一、总体情况</p><p>正文</p></div>'));
    expect(texts(wrapped.blocks)).toEqual(["一、总体情况", "正文"]);
  });
});

describe("extractHtml: links without a usable base", () => {
  it("keeps relative hrefs as printed and skips in-page anchors", () => {
    const doc = extractHtml(page('<p><a href="#top">顶部</a><a href="files/a.pdf">附件</a></p>'), {
      url: "not a url",
    });
    expect(doc.links).toEqual([{ href: "files/a.pdf", text: "附件" }]);
  });
});

describe("extractHtml: robustness", () => {
  it("survives very deep nesting without recursion", () => {
    const depth = 10_000;
    const html = `${"<div>".repeat(depth)}深处${"</div>".repeat(depth)}`;
    expect(texts(extractHtml(html).blocks)).toEqual(["深处"]);
  });

  it("never throws and is deterministic on arbitrary markup", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "<table>",
        "</table>",
        "<tr>",
        "<td rowspan='3'>",
        "<td colspan='x'>",
        "</td>",
        "<br>",
        "<p>",
        "</p>",
        "<img src='::'>",
        "<a href='http://[bad'>",
        "<base href='%%'>",
        "<meta name='PubDate' content='2023'>",
        "索引号：",
        " | ",
        "<nav>",
        "<script>",
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.option(fc.webUrl()), (pieces, url) => {
        const html = pieces.join("");
        const doc = extractHtml(html, url ? { url } : {});
        expect(extractHtml(html, url ? { url } : {})).toEqual(doc);
        for (const block of doc.blocks) {
          if (block.kind !== "table" || block.source !== "html") continue;
          for (const row of block.rows) expect(row.length).toBe(block.rows[0]?.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
