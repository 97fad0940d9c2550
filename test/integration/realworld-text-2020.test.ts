// 2020 reports (2019 format) as text copies of real pages render them (河包镇: one paragraph per cell with
// no separators; 乌海: `|` rows with two-line headers cut to their first line; 武汉: traditional mirror
// with annotated labels and a blank row), rebuilt with synthetic numbers.
import { describe, expect, it } from "vitest";
import type { ParsedReport } from "../../shared/domain/report.ts";
import { extractHtml } from "../../shared/report/extract-html.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { runChecks } from "../../shared/rules/run-checks.ts";
import { type PrintedTable, requestsTable, reviewTable } from "./helpers/report-shapes.ts";

const FALSE_ALARMS = ["table-arithmetic", "section-missing", "late-publication", "format-year-mismatch"];
const zeros2019 = Array.from({ length: 23 }, () => ["0", "0", "0", "0", "0", "0", "0"]);

async function read(text: string, contentType = "text/plain") {
  const report = await readReport({ bytes: new TextEncoder().encode(text), contentType });
  return { report, rules: runChecks(report, { today: "2026-01-01" }).map((f) => f.rule) };
}

function proactiveValues(report: ParsedReport): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const [row, cells] of Object.entries(report.tables.proactive?.cells ?? {}))
    out[row] = Object.fromEntries(Object.entries(cells ?? {}).map(([c, cell]) => [c, cell?.value ?? null]));
  return out;
}

const sections = (tables: string[]) =>
  [
    "一、总体情况",
    "2020年，我镇扎实推进政务公开，将其纳入考核，开展社会评议，未发生责任追究。",
    "二、主动公开政府信息情况",
    tables[0],
    "三、收到和处理政府信息公开申请情况",
    tables[1],
    "四、政府信息公开行政复议、行政诉讼情况",
    tables[2],
    "五、存在的主要问题及改进情况",
    "公开内容不够丰富。下一步将加强学习。",
    "六、其他需要报告的事项",
    "无。",
  ].join("\n\n");

describe("one paragraph per cell, no separators (河包镇 2020 shape)", () => {
  const cells = (table: PrintedTable) => table.flatMap((row) => row.map(([text]) => text)).join("\n\n");
  const proactive = [
    ...["第二十条(一)项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ...["规章", "0", "0", "0", "规范性文件", "1", "1", "6"],
    ...["第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ...["行政许可", "3", "0", "12", "其他对外管理服务事项", "5", "-1", "40"],
    ...["第二十条第(九)项", "信息内容", "采购项目数量", "采购总金额", "政府集中采购", "2", "3.6万元"],
  ].join("\n\n");
  const head =
    "当前位置:街镇 > 某某镇 > 政务公开 > 政府信息公开年报\n某某镇2020年政府信息公开工作年度报告\n日期:2021-01-29\n字体:【 默认 超大\n分享:\n\n本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。\n\n";
  const text =
    head +
    sections([proactive, cells(requestsTable(zeros2019, "2019")), cells(reviewTable(Array(15).fill("0")))]);

  it.each([
    ["text", text, "text/plain"],
    [
      "html",
      `<html><body>${text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => `<p>${l}</p>`)
        .join("")}</body></html>`,
      "text/html",
    ],
  ])("reads the tables from the cell paragraphs (%s)", async (_form, doc, contentType) => {
    const { report, rules } = await read(doc, contentType);
    expect(report).toMatchObject({
      year: 2020,
      format: "2019",
      publishedAt: "2021-01-29",
      agencyType: "township",
    });
    expect(proactiveValues(report)).toMatchObject({
      normativeDocuments: { newlyMade: 1, newlyPublished: 1, totalPublished: 6 },
      otherServices: { previousItems: 5, change: -1, decisions: 40 },
      procurement: { projects: 2, amount: 3.6 },
    });
    expect(Object.keys(report.tables.requests?.cells ?? {})).toHaveLength(23);
    expect(report.tables.review?.review?.total?.value).toBe(0);
    expect(rules.filter((r) => [...FALSE_ALARMS, "table-not-extractable"].includes(r))).toEqual([]);
  });

  it("leaves ordinary short lines as text", () => {
    const doc = extractHtml(
      "<p>一、总体情况</p><p>（一）主动公开</p><p>2020</p><p>（二）依申请公开</p><p>12</p>",
    );
    expect(doc.blocks.every((b) => b.kind === "text")).toBe(true);
  });
});

describe("`|` rows with headers cut to their first line, title broken after the organ (乌海 2020 shape)", () => {
  const proactive = [
    "第二十条第(一)项 | ||||",
    "信息内容 | 本年新 | 本年新 | 对外公开总数量 | |",
    "规章 | 0 | 0 | 0 | |",
    "规范性文件 | 4 | 3 | 27 | |",
    "第二十条第(五)项 | ||||",
    "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |",
    "其他对外管理服务事项 | 2 | +2 | 114 | |",
    "第二十条第(八)项 | ||||",
    "信息内容 | 上一年项目数量 | 本年增/减 | ||",
    "行政事业性收费 | |||||",
    "第二十条第(九)项 | ||||",
    "信息内容 | 采购项目数量 | 采购总金额 | ||",
    "政府集中采购 | 3 | 27.5 | ||",
  ].join("\n");
  const pipes = (table: PrintedTable) =>
    table.map((row) => `${row.map(([t]) => t).join(" | ")} |`).join("\n");
  const text = `某某市工业和信息化局\n政府信息公开工作年度报告\n本报告所列数据的统计期限自2020年1月1日起至2020年12月31日。\n${sections([proactive, pipes(requestsTable(zeros2019, "2019")), pipes(reviewTable(Array(15).fill("0")))])}`;

  it("maps 本年新 | 本年新 to the two 2019 columns, a blank row to blank cells, and names the organ", async () => {
    const { report, rules } = await read(text);
    expect(report).toMatchObject({
      title: "某某市工业和信息化局政府信息公开工作年度报告",
      agency: "某某市工业和信息化局",
      year: 2020,
    });
    expect(proactiveValues(report)).toMatchObject({
      normativeDocuments: { newlyMade: 4, newlyPublished: 3, totalPublished: 27 },
      otherServices: { previousItems: 2, change: 2, decisions: 114 },
      fees: { previousItems: null, change: null },
      procurement: { projects: 3, amount: 27.5 },
    });
    expect(report.unknownLabels).toEqual([]);
    expect(rules.filter((r) => [...FALSE_ALARMS, "label-unknown"].includes(r))).toEqual([]);
  });
});
