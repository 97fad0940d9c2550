// Real HTML report shapes (沭阳县发改局 2023, 上海市政府办公厅 2019, township pages) rebuilt with synthetic
// content: every table cell, the document facts, and no false alarm from the rules on a correct report.
import { describe, expect, it } from "vitest";
import { REQUEST_ROWS_2019 } from "../../shared/domain/keys.ts";
import type { Cell, ParsedReport } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { runChecks } from "../../shared/rules/run-checks.ts";
import {
  balancedRequests,
  htmlTable,
  type PrintedTable,
  proactive2021,
  requestsTable,
  reviewTable,
} from "./helpers/report-shapes.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const value = (cell: Cell | undefined) => (cell === undefined ? "missing" : cell.value);

function requestValues(report: ParsedReport): Record<string, (number | null | string)[]> {
  const out: Record<string, (number | null | string)[]> = {};
  for (const [row, cells] of Object.entries(report.tables.requests?.cells ?? {}))
    out[row] = [
      "naturalPerson",
      "commercial",
      "research",
      "nonprofit",
      "legalService",
      "otherOrg",
      "total",
    ].map((c) => value(cells?.[c as keyof typeof cells]));
  return out;
}

async function readAndCheck(html: string) {
  const report = await readReport({ bytes: utf8(html), contentType: "text/html" });
  const findings = runChecks(report, { today: "2026-01-01" });
  return { report, rules: findings.map((f) => f.rule) };
}

const FALSE_ALARMS = ["table-arithmetic", "section-missing", "late-publication", "format-year-mismatch"];

// Word pasted into the CMS: every cell is <p><span>…<o:p></o:p></span></p>, labels split into runs,
// blank cells hold <o:p>&nbsp;</o:p>, a page-meta table carries 公开日期 in a custom tag.
const F = `style="font-family: 微软雅黑;"`;
function wordCell(text: string, attrs: string): string {
  const runs =
    text === ""
      ? "<o:p>&nbsp;</o:p>"
      : [...text].map((ch, i) => (i % 3 === 0 ? `</span><span ${F}>${ch}` : ch)).join("");
  return `<td${attrs} ${F} valign="center"><p style="text-align: justify"><span ${F}>${runs}</span><span ${F}><o:p></o:p></span></p></td>`;
}

const sections = (tables: { proactive: string; requests: string; review: string }, year: number) => `
<p><span ${F}><font face="方正黑体_GBK">一、总体情况</font></span><span ${F}><o:p></o:p></span></p>
<p><span ${F}>${year}<font face="方正仿宋_GBK">年，我局认真贯彻执行《条例》，共收到依申请信息公开</font><font face="Times New Roman">7</font><font face="方正仿宋_GBK">件。</font></span></p>
<p><span ${F}><font>二、主动公开政府信息情况</font></span></p>${tables.proactive}
<p><span ${F}><font>三、收到和处理</font></span><span ${F}><font>政府信息公开申请情况</font></span></p>${tables.requests}
<p><span ${F}><font>四、政府信息公开行政复议、行政诉讼情况</font></span></p>${tables.review}
<p><span ${F}><font>五、存在的主要问题及</font></span><span ${F}><font>整改措施</font></span></p><p>一是解读不够深入。下一步将改进。</p>
<p><span ${F}><font>六、其他需要报告的事项</font></span></p><p>本年度未发生收费情况。</p>`;

describe("Word-exported department report (沭阳县发改局 2023 shape)", () => {
  const blanks = ["", "", "", "", ""];
  const rows = balancedRequests({
    newReceived: [7, 0, 0, 0, 0, 0],
    carriedOver: [0, 0, 0, 0, 0, 0],
    leaves: { 0: [6, 0, 0, 0, 0, 0], 10: [1, 0, 0, 0, 0, 0] },
  })
    // only 自然人 and 总计 filled, the other applicant columns left blank
    .map((r) => [r[0] ?? "", ...blanks, r[6] ?? ""]);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>某县发展和改革局2023年政府信息公开年度报告-某县发改局</title></head><body>
<table class="table_content"><tr><td>名称</td><td colspan="3">某县发展和改革局2023年政府信息公开年度报告</td></tr>
<tr><td>发布机构</td><td>某县发展和改革局</td><td>公开日期</td><td><publishtime>2024-01-17</publishtime></td></tr></table>
<h1><ucaptitle>某县发展和改革局2023年政府信息公开年度报告</ucaptitle></h1>
<ucapcontent><p>本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。</p>${sections(
    {
      proactive: htmlTable(
        proactive2021({
          regulations: ["0", "0", "0"],
          normative: ["8", "0", "18"],
          licensing: "0",
          punishment: "0",
          coercion: "0",
          fees: "0",
        }),
        wordCell,
      ),
      requests: htmlTable(requestsTable(rows), wordCell),
      review: htmlTable(reviewTable(["0", "0", "0", "1", "1", ...Array(10).fill("0")]), wordCell),
    },
    2023,
  )}</ucapcontent></body></html>`;

  it("reads every cell, blanks as null, the page date, and raises no false alarm", async () => {
    const { report, rules } = await readAndCheck(html);
    expect(report).toMatchObject({
      kind: "annual-report",
      year: 2023,
      format: "2021",
      publishedAt: "2024-01-17",
      agencyType: "department",
    });
    expect(report.tables.proactive?.cells.normativeDocuments?.inForce?.value).toBe(18);
    const values = requestValues(report);
    expect(Object.keys(values)).toHaveLength(25);
    expect(values.newReceived).toEqual([7, null, null, null, null, null, 7]);
    expect(values.unavailableNotHeld).toEqual([1, null, null, null, null, null, 1]);
    expect(values.total).toEqual([7, null, null, null, null, null, 7]);
    expect(report.tables.review?.review).toMatchObject({ pending: { value: 1 }, total: { value: 1 } });
    expect(rules.filter((r) => FALSE_ALARMS.includes(r))).toEqual([]);
  });
});

describe("2019-format report of a government office (上海市政府办公厅 2019 shape)", () => {
  const td = (text: string, attrs: string) =>
    text === ""
      ? `<td${attrs}>&nbsp;</td>`
      : `<td${attrs} nowrap="nowrap"><p align="center">${text}</p></td>`;
  // value cells spanning other grid columns than the header cell above them
  const proactive: PrintedTable = [
    [["第二十条第（一）项", 5]],
    [["信息内容"], ["本年新<br />制作数量"], ["本年新<br />公开数量", 2], ["对外公开总数量"]],
    [["规章"], ["13"], ["12", 2], ["524"]],
    [["规范性文件"], ["60"], ["58", 2], ["368"]],
    [["第二十条第（五）项", 5]],
    [["信息内容"], ["上一年项目数量"], ["本年增/减", 2], ["处理决定数量"]],
    [["行政许可"], ["41", 2], ["-3"], ["1208"]],
    [["其他对外管理服务事项"], ["9", 2], ["+2"], ["0"]],
    [["第二十条第（八）项", 5]],
    [["信息内容"], ["上一年项目数量", 2], ["本年增/减", 2]],
    [["行政事业性收费"], ["4", 2], ["0", 2]],
    [["第二十条第（九）项", 5]],
    [["信息内容"], ["采购项目数量", 2], ["采购总金额", 2]],
    [["政府集中采购"], ["6", 2], ["251000元", 2]],
  ];
  // 总计 blank on intermediate rows, blank rows left blank, （六）其他处理 a single blank row
  const printed = REQUEST_ROWS_2019.map((row) => {
    const filled: Record<string, string[]> = {
      newReceived: ["21", "3", "", "", "1", "", "25"],
      carriedOver: ["2", "", "", "", "", "", "2"],
      granted: ["9", "2", "", "", "", "", ""],
      unavailableNotHeld: ["8", "1", "", "", "1", "", ""],
      notProcessedComplaint: ["3", "", "", "", "", "", ""],
      total: ["20", "3", "", "", "1", "", "24"],
      carriedForward: ["3", "", "", "", "", "", "3"],
    };
    return filled[row] ?? ["", "", "", "", "", "", ""];
  });
  const html = `<html><head><meta charset="utf-8"></head><body>
<p style='text-align: center;font-weight: bold;'>2019年某市人民政府办公厅政府信息公开工作年度报告</p><p style='text-align: center'>发布日期：2020-01-31</p>
<p>本年度报告中所列数据统计期限从2019年1月1日到12月31日止。</p>${sections(
    {
      proactive: htmlTable(proactive, td),
      requests: htmlTable(requestsTable(printed, "2019"), td),
      review: htmlTable(reviewTable(["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]), td),
    },
    2019,
  ).replace("五、存在的主要问题及", "五、政府信息公开工作存在的主要问题及")}</body></html>`;

  it("aligns spanned values with their header, keeps blank rows, reads the 2019 format", async () => {
    const { report, rules } = await readAndCheck(html);
    expect(report).toMatchObject({ year: 2019, format: "2019", publishedAt: "2020-01-31" });
    const cells = report.tables.proactive?.cells;
    expect(
      [
        cells?.regulations?.newlyMade,
        cells?.regulations?.newlyPublished,
        cells?.regulations?.totalPublished,
      ].map(value),
    ).toEqual([13, 12, 524]);
    expect(
      [cells?.licensing?.previousItems, cells?.licensing?.change, cells?.licensing?.decisions].map(value),
    ).toEqual([41, -3, 1208]);
    expect([cells?.otherServices?.previousItems, cells?.otherServices?.change].map(value)).toEqual([9, 2]);
    expect([cells?.procurement?.projects, cells?.procurement?.amount].map(value)).toEqual([6, 251000]);
    expect(report.tables.requests?.format).toBe("2019");
    const values = requestValues(report);
    expect(Object.keys(values)).toEqual([...REQUEST_ROWS_2019]);
    expect(values.otherHandling).toEqual([null, null, null, null, null, null, null]);
    expect(values.granted).toEqual([9, 2, null, null, null, null, null]);
    expect(report.tables.review?.litigationDirect).toMatchObject({
      upheld: { value: 8 },
      corrected: { value: null },
      total: { value: 9 },
    });
    expect(rules.filter((r) => FALSE_ALARMS.includes(r) || r === "regulation-implausible")).toEqual([]);
  });
});

describe("township table with printed 小计 rows and counts with 件", () => {
  const rows = balancedRequests({
    newReceived: [10, 1, 0, 0, 0, 0],
    carriedOver: [1, 0, 0, 0, 0, 0],
    leaves: { 0: [4, 1, 0, 0, 0, 0], 4: [1, 0, 0, 0, 0, 0], 10: [3, 0, 0, 0, 0, 0], 20: [1, 0, 0, 0, 0, 0] },
  });
  const td = (text: string, attrs: string) => `<td${attrs}>${text.replace(/^(\d+)$/, "$1件")}</td>`;
  const subtotal = ["1", "0", "0", "0", "0", "0", "1"].map((v) => `<td>${v}</td>`).join("");
  // a 小计 row opens the （三） group, so the group and the results cell span one row more
  const requests = htmlTable(requestsTable(rows), td)
    .replace('rowspan="22"', 'rowspan="23"')
    .replace(
      '<td rowspan="8">（三）不予公开</td>',
      `<td rowspan="9">（三）不予公开</td><td>小计</td>${subtotal}</tr>\n<tr>`,
    );

  it("maps 小计 rows to group subtotals and reads numbers with units", async () => {
    const html = `<html><head><meta charset="utf-8"><title>某镇人民政府2023年政府信息公开工作年度报告</title></head><body>
<div class="meta">发布时间：2024年01月30日 16:02 来源：某镇人民政府</div><p>本报告所列数据统计期限为2023年1月1日至2023年12月31日。</p>
${sections({ proactive: "", requests, review: htmlTable(reviewTable(Array(15).fill("0")), td) }, 2023)}</body></html>`;
    const { report, rules } = await readAndCheck(html);
    expect(report).toMatchObject({ agencyType: "township", publishedAt: "2024-01-30" });
    expect(report.tables.requests?.subtotals.denied?.total?.value).toBe(1);
    expect(requestValues(report).deniedSecurityStability).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(requestValues(report).total).toEqual([9, 1, 0, 0, 0, 0, 10]);
    expect(report.unknownLabels).toEqual([]);
    expect(rules.filter((r) => FALSE_ALARMS.includes(r) || r === "label-unknown")).toEqual([]);
  });
});

describe("a stub page that only links the report file", () => {
  it("says the tables are in the attachment instead of reporting six missing sections", async () => {
    const html = `<html><head><meta charset="utf-8"><title>某某区统计局2023年政府信息公开工作年度报告</title></head><body>
<div class="info">发布时间：2024-01-25 来源：某某区统计局</div><h1>某某区统计局2023年政府信息公开工作年度报告</h1>
<p>附件：<a href="/u/cms/2024/report.pdf">某某区统计局2023年政府信息公开工作年度报告.pdf</a></p></body></html>`;
    const { report, rules } = await readAndCheck(html);
    expect(report).toMatchObject({
      kind: "annual-report",
      year: 2023,
      publishedAt: "2024-01-25",
      attachments: ["/u/cms/2024/report.pdf"],
    });
    expect(rules).toEqual(["table-not-extractable", "table-not-extractable", "table-not-extractable"]);
  });

  it("takes a PDF the page shows (a viewer frame, an embed) as the report's file, like a linked one", async () => {
    const html = `<html><head><meta charset="utf-8"><title>某某区统计局2023年政府信息公开工作年度报告</title></head><body>
<div class="info">发布时间：2024-01-25 来源：某某区统计局</div><h1>某某区统计局2023年政府信息公开工作年度报告</h1>
<iframe src="/pdfjs/web/viewer.html?file=%2Fu%2Fcms%2F2024%2Freport.pdf" width="100%"></iframe>
<embed type="application/pdf" src="/u/cms/2024/report-print.pdf"></body></html>`;
    const { report, rules } = await readAndCheck(html);
    expect(report.attachments).toEqual(["/u/cms/2024/report.pdf", "/u/cms/2024/report-print.pdf"]);
    expect(rules).toEqual(["table-not-extractable", "table-not-extractable", "table-not-extractable"]);
  });

  it("still reports missing sections when the page carries the report itself", async () => {
    const html = `<html><head><meta charset="utf-8"><title>某某区统计局2023年政府信息公开工作年度报告</title></head><body>
<p>本报告所列数据统计期限为2023年1月1日至2023年12月31日。</p><p>一、总体情况</p><p>2023年，我局扎实推进政务公开。</p>
<p>附件：<a href="/u/cms/2024/report.pdf">下载</a></p></body></html>`;
    const { rules } = await readAndCheck(html);
    expect(rules.filter((r) => r === "section-missing")).toHaveLength(5);
  });
});
