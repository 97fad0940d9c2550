// Real text report shapes (pages saved as text: 佳荣里街/沅江路 cell-per-line, 中仓街道 rows opened by "|",
// 滨江 `|` rows, converter Markdown) rebuilt with synthetic content: every cell, document facts, and no
// false alarm on a correct report. Blank cells are where text tables used to lose their alignment.
import { describe, expect, it } from "vitest";
import { REQUEST_COLUMNS, REQUEST_ROWS_2019 } from "../../shared/domain/keys.ts";
import type { ParsedReport } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { runChecks } from "../../shared/rules/run-checks.ts";
import {
  cellPerLine,
  type PrintedTable,
  pipeRows,
  proactive2021,
  requestsTable,
  reviewTable,
  rowStartLines,
  textReport,
} from "./helpers/report-shapes.ts";

const FALSE_ALARMS = ["table-arithmetic", "section-missing", "late-publication", "format-year-mismatch"];

async function readText(text: string) {
  const report = await readReport({ bytes: new TextEncoder().encode(text), contentType: "text/plain" });
  const rules = runChecks(report, { today: "2026-01-01" }).map((f) => f.rule);
  return { report, rules };
}

function rowValues(report: ParsedReport, row: string): (number | null | undefined)[] {
  const cells =
    report.tables.requests?.cells[row as keyof NonNullable<ParsedReport["tables"]["requests"]>["cells"]];
  return REQUEST_COLUMNS.map((c) => cells?.[c]?.value);
}

// A 2019 table with blank applicant cells, 总计 blank on intermediate rows and blank rows.
const FILLED_2019: Record<string, string[]> = {
  newReceived: ["31", "4", "", "", "2", "1", "38"],
  carriedOver: ["5", "", "", "", "", "", "5"],
  granted: ["12", "3", "", "", "1", "1", ""],
  deniedProcessInfo: ["2", "1", "", "", "", "", ""],
  unavailableNotHeld: ["15", "", "", "", "1", "", ""],
  notProcessedDuplicate: ["4", "", "", "", "", "", ""],
  total: ["33", "4", "", "", "2", "1", "40"],
  carriedForward: ["3", "", "", "", "", "", "3"],
};
const REQUESTS_2019 = requestsTable(
  REQUEST_ROWS_2019.map((row) => FILLED_2019[row] ?? ["", "", "", "", "", "", ""]),
  "2019",
);
const REVIEW = reviewTable(["3", "", "", "1", "4", "2", "", "", "", "2", "", "", "", "", ""]);
const PROACTIVE = proactive2021({
  regulations: ["0", "0", "0"],
  normative: ["2", "1", "9"],
  licensing: "310",
  punishment: "57",
  coercion: "3",
  fees: "1.25",
});

function report2019(render: (table: PrintedTable) => string): string {
  return textReport({
    head: [
      "某市人民政府办公室2020年政府信息公开工作年度报告",
      "本报告所列数据统计期限为2020年1月1日至2020年12月31日。",
    ],
    year: 2020,
    proactive: "（表二见附件）",
    requests: render(REQUESTS_2019),
    review: render(REVIEW),
  });
}

describe.each([
  ["cell per line, a blank cell as ' |'", cellPerLine],
  ["rows opened by a lone '|'", rowStartLines],
  ["one line per row, trailing blanks dropped", pipeRows],
])("2019 tables with blank cells: %s", (_name, render) => {
  it("keeps every value in its column and reads the 2019 format", async () => {
    const { report, rules } = await readText(report2019(render));
    expect(report).toMatchObject({ year: 2020, format: "2019" });
    expect(report.tables.requests?.format).toBe("2019");
    expect(rowValues(report, "newReceived")).toEqual([31, 4, null, null, 2, 1, 38]);
    expect(rowValues(report, "granted")).toEqual([12, 3, null, null, 1, 1, null]);
    expect(rowValues(report, "unavailableNotHeld")).toEqual([15, null, null, null, 1, null, null]);
    expect(rowValues(report, "otherHandling")).toEqual([null, null, null, null, null, null, null]);
    expect(rowValues(report, "carriedForward")).toEqual([3, null, null, null, null, null, 3]);
    expect(report.tables.review?.review).toMatchObject({
      upheld: { value: 3 },
      corrected: { value: null },
      total: { value: 4 },
    });
    expect(report.tables.review?.litigationDirect).toMatchObject({
      upheld: { value: 2 },
      total: { value: 2 },
    });
    expect(report.tables.review?.litigationAfterReview?.total?.value).toBeNull();
    expect(rules.filter((r) => FALSE_ALARMS.includes(r))).toEqual([]);
  });
});

describe("page headers of text copies", () => {
  const body = (head: string[], year: number) =>
    textReport({
      head,
      year,
      proactive: pipeRows(PROACTIVE),
      requests: "",
      review: pipeRows(reviewTable(Array(15).fill("0"))),
    });

  it("a breadcrumb is not the title; a bare date opening the byline is the publication date", async () => {
    const { report } = await readText(
      body(
        [
          "首页 > 政务公开 > 政府信息公开年报 > 2021 > 街道办事处政府信息公开工作年度报告",
          "2021年某某路街道政府信息公开工作年度报告",
          "某某路街道办事处",
          "2022年01月18日来源:1",
          "[字体: ] 打印",
        ],
        2021,
      ),
    );
    expect(report).toMatchObject({
      title: "2021年某某路街道政府信息公开工作年度报告",
      agencyType: "township",
      year: 2021,
      publishedAt: "2022-01-18",
    });
  });

  it("生成日期 of a `|` metadata table dates the page; a 部 is a department, a …街 a street", async () => {
    const meta = [
      "| 索引号 | 000000000/2026-00007 | 发文字号 | |",
      "| 生成日期 | 2026-01-23 16:24:38 | 是否有效 |",
    ];
    const { report } = await readText(
      body(["某某区群团工作部2025年政府信息公开工作年度报告", ...meta], 2025),
    );
    expect(report).toMatchObject({ agencyType: "department", publishedAt: "2026-01-23" });
    const street = await readText(body(["某某里街2021年政府信息公开工作年度报告"], 2021));
    expect(street.report.agencyType).toBe("township");
  });

  it("without a title, the year comes from the first paragraph that opens with it", async () => {
    const { report } = await readText(
      body(["依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。"], 2025),
    );
    expect(report.year).toBe(2025);
    expect(report.tables.proactive?.cells.punishment?.decisions?.value).toBe(57);
  });
});

describe("text saved by a document converter (Markdown)", () => {
  const rows = (label: string, values: string[]) => `| ${label} | ${values.join(" | ")} |`;
  const subTable = (title: string, lines: string[]) =>
    [
      `### ${title}`,
      "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |",
      "|---|---|---|---|---|---|---|---|",
      ...lines,
      "",
    ].join("\n");
  const zeros = ["0", "0", "0", "0", "0", "0", "0"];
  const text = [
    "# 某县人民政府 2025 年 政府信息公开工作年度报告",
    "本报告所列数据统计期限从2025年1月1日至2025年12月31日止。",
    "## 一、总体情况",
    "2025年，我县将政务公开纳入考核，开展社会评议，未发生责任追究情况。",
    "## 二、主动公开政府信息情况",
    "### 第二十条第（一）项",
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "|---|---|---|---|",
    "| 规章 | 0 | 0 | 0 |",
    "| 行政规范性文件 | 6 | 1 | 32 |",
    "## 三、收到和处理政府信息公开申请情况",
    "### 申请人情况 (法人或其他组织)",
    "| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |",
    "|---|---|---|---|---|",
    "| - | - | - | - | - |",
    subTable("一、本年新收政府信息公开申请数量", [
      rows("本年新收政府信息公开申请数量", ["20", "1", "0", "0", "0", "0", "21"]),
    ]),
    subTable("二、上年结转政府信息公开申请数量", [
      rows("上年结转政府信息公开申请数量", ["2", "0", "0", "0", "0", "0", "2"]),
    ]),
    subTable("(一) 予以公开", [rows("予以公开", ["9", "1", "0", "0", "0", "0", "10"])]),
    subTable("(四) 无法提供", [rows("1. 本机关不掌握相关政府信息", ["8", "0", "0", "0", "0", "0", "8"])]),
    subTable("(六) 其他", [rows("1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请", zeros)]),
    "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |",
    "|---|---|---|---|---|---|---|---|",
    rows("3. 其他", ["3", "0", "0", "0", "0", "0", "3"]),
    rows("（七）总计", ["20", "1", "0", "0", "0", "0", "21"]),
    rows("四、结转下年度继续办理", ["2", "0", "0", "0", "0", "0", "2"]),
    "## 四、政府信息公开行政复议、行政诉讼情况",
    ...["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].flatMap((title, i) => [
      `### ${title}`,
      "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
      "|----------|----------|----------|----------|------|",
      `| ${i + 1} | 0 | 0 | 1 | ${i + 2} |`,
    ]),
    "## 五、政府信息公开工作存在的主要问题及改进情况",
    "一是解读形式单一。下一步将丰富解读形式。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
  ].join("\n");

  it("reads Markdown headings as sections and sub-tables as one table", async () => {
    const { report, rules } = await readText(text);
    expect(report).toMatchObject({
      title: "某县人民政府2025年政府信息公开工作年度报告",
      year: 2025,
      agencyType: "government",
    });
    expect(Object.values(report.sections).every((s) => s !== null)).toBe(true);
    expect(rowValues(report, "otherOther")).toEqual([3, 0, 0, 0, 0, 0, 3]);
    expect(rowValues(report, "unavailableNotHeld")).toEqual([8, 0, 0, 0, 0, 0, 8]);
    expect(report.tables.review?.litigationAfterReview).toMatchObject({
      upheld: { value: 3 },
      total: { value: 4 },
    });
    expect(report.unknownLabels).toEqual([]);
    expect(
      rules.filter((r) => [...FALSE_ALARMS, "label-unknown", "table-not-extractable"].includes(r)),
    ).toEqual([]);
  });
});
