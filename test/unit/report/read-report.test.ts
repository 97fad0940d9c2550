import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReportReadError, readReport } from "../../../shared/report/read-report.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

const REPORT_HTML = `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>襄阳市统计局2022年度政府信息公开工作报告_襄阳市统计局</title></head><body>
<div class="meta">发布时间：2023-01-13 15:20 信息来源：襄阳市统计局</div>
<h1>襄阳市统计局2022年度政府信息公开工作报告</h1>
<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。</p>
<p>一、总体情况</p><p>2022年，我局认真贯彻《条例》。</p>
<p>二、主动公开政府信息情况</p>
<p>三、收到和处理政府信息公开申请情况</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>一是解读不够深入。下一步将改进。</p>
<p>六、其他需要报告的事项</p><p>无。</p>
</body></html>`;

describe("readReport", () => {
  it("reads an official HTML page: title, agency, year from period and title, date from page metadata", async () => {
    const r = await readReport({
      bytes: utf8(REPORT_HTML),
      contentType: "text/html; charset=utf-8",
      url: "http://tjj.xiangyang.gov.cn/zwgk/gknb/202301/t20230113_3113697.shtml",
      officialHosts: ["tjj.xiangyang.gov.cn"],
    });
    expect(r).toMatchObject({
      kind: "annual-report",
      title: "襄阳市统计局2022年度政府信息公开工作报告",
      agency: "襄阳市统计局",
      agencyType: "department",
      year: 2022,
      publishedAt: "2023-01-13",
      publishedAtSource: "page-meta",
    });
    expect(r.yearEvidence.map((e) => e.source)).toEqual(["period", "title", "text"]);
    expect(r.sections.problems?.index).toBe(4);
  });

  it("reads Table 2 printed as four separate HTML tables as one table of its section", async () => {
    const sub = (head: string, column: string, rows: [string, string][]) =>
      `<table><tr><td colspan="2">${head}</td></tr><tr><td>信息内容</td><td>${column}</td></tr>${rows
        .map(([label, value]) => `<tr><td>${label}</td><td>${value}</td></tr>`)
        .join("")}</table>`;
    const html = `<html><body><p>一、总体情况</p><p>2023年，我局……</p><p>二、主动公开政府信息情况</p>
      <table><tr><td colspan="4">第二十条第（一）项</td></tr>
      <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr><tr><td>行政规范性文件</td><td>2</td><td>1</td><td>5</td></tr></table>
      ${sub("第二十条第（五）项", "本年处理决定数量", [["行政许可", "12"]])}
      ${sub("第二十条第（六）项", "本年处理决定数量", [
        ["行政处罚", "3"],
        ["行政强制", "0"],
      ])}
      ${sub("第二十条第（八）项", "本年收费金额（单位：万元）", [["行政事业性收费", "0.5"]])}
      <p>三、收到和处理政府信息公开申请情况</p></body></html>`;
    const r = await readReport({ bytes: utf8(html), contentType: "text/html" });
    expect(r).toMatchObject({ format: "2021", formatSource: "signature" });
    const cells = r.tables.proactive?.cells;
    expect(cells?.regulations?.issued).toMatchObject({ value: null, kind: "na" });
    expect(cells?.normativeDocuments?.inForce?.value).toBe(5);
    expect([cells?.licensing?.decisions?.value, cells?.punishment?.decisions?.value]).toEqual([12, 3]);
    expect(cells?.fees?.amount?.value).toBe(0.5);
    expect(r.tables.requests).toBeNull();
  });

  it("ignores page metadata of a host that is not the bureau's", async () => {
    const r = await readReport({
      bytes: utf8(REPORT_HTML),
      url: "http://mirror.example.com/t20230113_1.html",
      officialHosts: ["tjj.xiangyang.gov.cn"],
    });
    expect(r.publishedAt).toBeUndefined();
  });

  it("reads GBK bytes", async () => {
    const { default: iconv } = await import("iconv-lite");
    const bytes = new Uint8Array(
      iconv.encode("一、总体情况\n2022年，我局…\n二、主动公开政府信息情况\n", "gbk"),
    );
    const r = await readReport({ bytes });
    expect(r.sections.proactive?.heading).toBe("二、主动公开政府信息情况");
  });

  it("rejects a document it cannot open with a non-retryable ReportReadError", async () => {
    const broken = readReport({ bytes: utf8("%PDF-1.7\nnot really a pdf") });
    await expect(broken).rejects.toBeInstanceOf(ReportReadError);
    await expect(broken).rejects.toMatchObject({ retryable: false, mediaType: "pdf" });
  });

  it("rejects a corrupt Word file the same way, naming its type", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("word/document.xml, then nothing")]);
    await expect(readReport({ bytes: zip })).rejects.toMatchObject({
      name: "ReportReadError",
      mediaType: "docx",
    });
  });

  it("resolves, deterministically, on arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const a = await readReport({ bytes });
        const b = await readReport({ bytes });
        expect(b).toEqual(a);
        expect(["annual-report", "not-annual-report"]).toContain(a.kind);
      }),
      { numRuns: 60 },
    );
  });

  it("resolves on arbitrary report-like text", async () => {
    const pieces = fc.constantFrom(
      "一、总体情况",
      "二、主动公开政府信息情况",
      "（一）主动公开",
      "第二十条第（一）项 | |||",
      "规章 | 0 | 0 | 0 |",
      "统计期限自202111日起至20211231日止",
      "?。ㄒ唬┲鲃庸_情況",
      "依據(jù)",
      "|",
      "",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(pieces, fc.string({ maxLength: 30 })), { maxLength: 60 }),
        async (lines) => {
          const r = await readReport({ bytes: utf8(lines.join("\n")) });
          expect(typeof r.text).toBe("string");
        },
      ),
      { numRuns: 60 },
    );
  });
});
