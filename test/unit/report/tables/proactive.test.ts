import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProactiveTable } from "../../../../shared/domain/report.ts";
import { extractHtml } from "../../../../shared/report/extract-html.ts";
import { extractPlainText } from "../../../../shared/report/extract-text.ts";
import { parseProactiveTable } from "../../../../shared/report/tables/proactive.ts";
import { normaliseGrid, seedPath, tableGrids } from "./fixtures.ts";

function values(table: ProactiveTable | null): Record<string, Record<string, number | null | string>> {
  const out: Record<string, Record<string, number | null | string>> = {};
  for (const [row, cells] of Object.entries(table?.cells ?? {})) {
    out[row] = {};
    for (const [column, cell] of Object.entries(cells ?? {})) {
      const rowOut = out[row] ?? {};
      rowOut[column] = cell?.kind === "number" ? cell.value : (cell?.kind ?? "missing");
    }
  }
  return out;
}

describe("parseProactiveTable", () => {
  it("seed 001: four `|` fragments, 2021 format, every cell", () => {
    const doc = extractPlainText(readFileSync(seedPath("001_be91649d0d9c67f4.txt"), "utf8"));
    const { table, unknownLabels } = parseProactiveTable(tableGrids(doc.blocks)[0] ?? []);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2021");
    expect(values(table)).toEqual({
      regulations: { issued: 0, repealed: 0, inForce: 0 },
      normativeDocuments: { issued: 0, repealed: 0, inForce: 1 },
      licensing: { decisions: 0 },
      punishment: { decisions: 1 },
      coercion: { decisions: 0 },
      fees: { amount: 0 },
    });
  });

  it("2021 HTML with colspan, '/', blanks, a fee in 元 converted to 万元, ASCII brackets", () => {
    const html = `<table>
      <tr><td colspan="4">第二十条 第(一)项</td></tr>
      <tr><td>信息内容</td><td>本年(2023)制发件数</td><td>本年废止件数</td><td>现行有效件</td></tr>
      <tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr>
      <tr><td>规范性文件</td><td>3</td><td></td><td>17</td></tr>
      <tr><td colspan="4">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="3">42</td></tr>
      <tr><td colspan="4">第二十条第（六）项</td></tr>
      <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
      <tr><td>行政处罚</td><td colspan="3">8</td></tr>
      <tr><td>行政强制</td><td colspan="3">2</td></tr>
      <tr><td colspan="4">第二十条第（八）项</td></tr>
      <tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
      <tr><td>行政事业性收费</td><td colspan="3">25000元</td></tr>
    </table>`;
    const { table, unknownLabels } = parseProactiveTable(tableGrids(extractHtml(html).blocks)[0] ?? []);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2021");
    expect(values(table)).toEqual({
      regulations: { issued: "na", repealed: "na", inForce: "na" },
      normativeDocuments: { issued: 3, repealed: "blank", inForce: 17 },
      licensing: { decisions: 42 },
      punishment: { decisions: 8 },
      coercion: { decisions: 2 },
      fees: { amount: 2.5 },
    });
    expect(table?.cells.fees?.amount).toMatchObject({ unit: "万元", raw: "25000元" });
  });

  it("2019 layout: 22 cells, signed 增/减, procurement amount with unit", () => {
    const grid = normaliseGrid([
      ["第二十条第（一）项"],
      ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
      ["规章", "0", "0", "0"],
      ["规范性文件", "186", "86", "1203"],
      ["第二十条第（五）项"],
      ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
      ["行政许可", "57", "+1036", "4411"],
      ["其他对外管理服务事项", "12", "-8", "30"],
      ["第二十条第（六）项"],
      ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
      ["行政处罚", "310", "0", "95"],
      ["行政强制", "14", "－2", "3"],
      ["第二十条第（八）项"],
      ["信息内容", "上一年项目数量", "本年增/减"],
      ["行政事业性收费", "6", "-1"],
      ["第二十条第（九）项"],
      ["信息内容", "采购项目数量", "采购总金额"],
      ["政府集中采购", "9", "251000元"],
    ]);
    const { table, unknownLabels } = parseProactiveTable(grid);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2019");
    expect(values(table)).toEqual({
      regulations: { newlyMade: 0, newlyPublished: 0, totalPublished: 0 },
      normativeDocuments: { newlyMade: 186, newlyPublished: 86, totalPublished: 1203 },
      licensing: { previousItems: 57, change: 1036, decisions: 4411 },
      otherServices: { previousItems: 12, change: -8, decisions: 30 },
      punishment: { previousItems: 310, change: 0, decisions: 95 },
      coercion: { previousItems: 14, change: -2, decisions: 3 },
      fees: { previousItems: 6, change: -1 },
      procurement: { projects: 9, amount: 251000 },
    });
    expect(table?.cells.procurement?.amount?.unit).toBe("元");
  });

  it("reports an added row and an unknown header column", () => {
    const grid = [
      ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
      ["规章", "0", "0", "0"],
      ["其他主动公开文件", "5", "0", "9"],
      ["信息内容", "本年处理决定数量", "备注"],
      ["行政许可", "3"],
    ];
    const { table, unknownLabels } = parseProactiveTable(grid);
    expect(unknownLabels).toEqual(["其他主动公开文件", "备注"]);
    expect(values(table).licensing).toEqual({ decisions: 3 });
  });

  it("falls back to template columns when the header row is missing", () => {
    const { table } = parseProactiveTable([
      ["行政处罚", "4"],
      ["行政事业性收费", "1.5"],
    ]);
    expect(values(table)).toEqual({ punishment: { decisions: 4 }, fees: { amount: 1.5 } });
  });

  it("never throws and is deterministic on arbitrary grids", () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom("0", "+3", "/", "", "信息内容", "规章", "本年增/减"),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 20 }), (grid) => {
        expect(parseProactiveTable(grid)).toEqual(parseProactiveTable(grid));
      }),
      { numRuns: 300 },
    );
  });
});
