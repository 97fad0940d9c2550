import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findAttachments } from "../../../shared/crawl/attachments.ts";
import { scriptDataDocuments, scriptDataLinks, scriptFileLinks } from "../../../shared/crawl/script-data.ts";

const page = (script: string, type = "") =>
  `<html><head><script${type}>${script}</script></head><body></body></html>`;
const lines = (html: string) => scriptDataLinks(html)?.split("\n");

describe("scriptDataLinks", () => {
  it("reads a list as a script writes it: unquoted keys, single quotes, trailing commas, comments", () => {
    const script = `
      var docs = [
        {title:'樟树市统计局2023年政府信息公开工作年度报告', url:'./202401/t20240115_1.html'}, // 最新
        {"title": "关于开展检查的通知", "url": "../tz/2.html",},
        /* 旧 */ {title: \`2022年度报告\`, link: "t2023_3.shtml"},
      ];
      render(docs);`;
    expect(lines(page(script))).toEqual([
      '<a href="./202401/t20240115_1.html">樟树市统计局2023年政府信息公开工作年度报告</a>',
      '<a href="../tz/2.html">关于开展检查的通知</a>',
      '<a href="t2023_3.shtml">2022年度报告</a>',
    ]);
  });

  it("finds data inside a framework's options and in a JSON script, and decodes escapes", () => {
    const vue = `new Vue({ el: '#app', data: { items: [{ title: '2021\\u5e74\\u62a5', href: 'nb/2021.html' }] },
      methods: { go() { return 1; } } });`;
    expect(lines(page(vue))).toEqual(['<a href="nb/2021.html">2021年报</a>']);
    const next = '{"props":{"list":[{"docTitle":"2020年报","docUrl":"/nb/2020.html"}]}}';
    expect(lines(page(next, ' type="application/json" id="__NEXT_DATA__"'))).toEqual([
      '<a href="/nb/2020.html">2020年报</a>',
    ]);
  });

  it("takes no code for data, and no script that is fetched from elsewhere", () => {
    for (const script of [
      "var list = [{title: name, url: base + '/1.html'}];",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a substitution in the page's script
      "var list = [{title: `${year}年报`, url: '/1.html'}];",
      "if (a) { title: 'x' }",
      "var x = {title: '年报', url: 'javascript:void(0)'};",
      "var x = {title: '年报', url: 'mailto:a@b.cn'};",
      "var x = {title: '年报', note: '附件：说明.doc'};",
    ])
      expect(scriptDataLinks(page(script))).toBeUndefined();
    expect(
      scriptDataLinks('<script src="/list.js">var x = [{title:"年报", url:"/1.html"}]</script>'),
    ).toBeUndefined();
    expect(scriptDataLinks("<p>var x = [{title:'年报', url:'/1.html'}]</p>")).toBeUndefined();
  });

  it("reads a script file's data too, without the addresses relative to a page it does not name", () => {
    const source = `var data = [{title:"2023年报", url:"/nb/2023.html"}, {title:"2022年报", url:"./2022.html"}];`;
    expect(scriptFileLinks(source)).toBe('<a href="/nb/2023.html">2023年报</a>');
    expect(scriptFileLinks(page(source))).toBeUndefined();
    expect(scriptFileLinks("")).toBeUndefined();
  });

  it("finds the files of an attachment list a report page's script draws, as the page's attachments", () => {
    const html = page(`var fileList = [
      {fileName: '襄阳市审计局2023年政府信息公开工作年度报告.pdf', filePath: '/u/cms/2024/01/abc123.pdf', size: '256KB'},
      {fileName: '附表.docx', filePath: 'files/b.docx'},
      {fileName: '说明', note: '附件：说明.doc', icon: '/images/pdf.png'},
    ]; showFiles(fileList);`);
    expect(scriptDataDocuments(html)).toEqual(["/u/cms/2024/01/abc123.pdf", "files/b.docx"]);
    const attachments = findAttachments(html, "http://sjj.example.gov.cn/nb/t20240112_1.html", () => true);
    expect(attachments.map((a) => a.url)).toEqual([
      "http://sjj.example.gov.cn/u/cms/2024/01/abc123.pdf",
      "http://sjj.example.gov.cn/nb/files/b.docx",
    ]);
    expect(findAttachments(html, "http://sjj.example.gov.cn/nb/t1.html", () => false)).toEqual([]);
  });

  it("never throws, and ends in bounded time on hostile scripts", () => {
    const hostile = [
      "=[".repeat(200_000),
      `= '${"a".repeat(500_000)}`,
      "=".concat("[".repeat(100_000)),
      "x = {a: /* ".repeat(50_000),
      "=[{title:'年报',url:'/1.html'},".repeat(20_000),
    ];
    for (const script of hostile) {
      const links = lines(page(script));
      expect(links === undefined || links.length <= 2000).toBe(true);
      expect((scriptFileLinks(script)?.split("\n").length ?? 0) <= 2000).toBe(true);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (script) => {
        for (const line of lines(page(script)) ?? []) expect(line).toMatch(/^<a href="[^"<]*">[^<]*<\/a>$/);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        void scriptDataLinks(page(`var data = ${JSON.stringify(value)};`));
      }),
    );
  });
});
