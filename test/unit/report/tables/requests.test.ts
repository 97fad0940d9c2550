import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  REQUEST_COLUMNS,
  REQUEST_ROW_LABELS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  type RequestColumn,
  type RequestRow,
} from "../../../../shared/domain/keys.ts";
import type { RequestsTable } from "../../../../shared/domain/report.ts";
import { extractHtml } from "../../../../shared/report/extract-html.ts";
import { extractPlainText } from "../../../../shared/report/extract-text.ts";
import { parseRequestsTable } from "../../../../shared/report/tables/requests.ts";
import { normaliseGrid, requestsHtml, seedPath, tableGrids } from "./fixtures.ts";

function valuesOf(table: RequestsTable | null, row: RequestRow): (number | null | string)[] {
  const cells = table?.cells[row];
  return REQUEST_COLUMNS.map((c: RequestColumn) => {
    const cell = cells?.[c];
    return cell === undefined ? "missing" : cell.kind === "number" ? cell.value : cell.kind;
  });
}

describe("parseRequestsTable on seed 001 (pipe-flattened, traditional, ragged rows)", () => {
  const doc = extractPlainText(readFileSync(seedPath("001_be91649d0d9c67f4.txt"), "utf8"));
  const grid = tableGrids(doc.blocks)[1] ?? [];

  it("maps all 25 rows × 7 columns, every cell present and 0", () => {
    const { table, unknownLabels } = parseRequestsTable(grid);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2021");
    expect(Object.keys(table?.cells ?? {}).sort()).toEqual([...REQUEST_ROWS_2021].sort());
    for (const row of REQUEST_ROWS_2021) expect(valuesOf(table, row)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(table?.subtotals).toEqual({});
  });
});

describe("parseRequestsTable on the official HTML layout (rowspan/colspan)", () => {
  // Distinct value per cell: a shifted row or column cannot go unnoticed.
  const value = (rows: readonly RequestRow[], row: RequestRow, col: number) =>
    (rows.indexOf(row) + 1) * 10 + col;

  it("2021: 25 rows, every cell where the template puts it", () => {
    const html = requestsHtml("2021", (row) =>
      REQUEST_COLUMNS.map((_, c) => value(REQUEST_ROWS_2021, row, c)),
    );
    const [grid] = tableGrids(extractHtml(html).blocks);
    const { table, unknownLabels } = parseRequestsTable(grid ?? []);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2021");
    for (const row of REQUEST_ROWS_2021) {
      expect(valuesOf(table, row), row).toEqual(
        REQUEST_COLUMNS.map((_, c) => value(REQUEST_ROWS_2021, row, c)),
      );
    }
  });

  it("2019 (Shanghai example): （六）其他处理 is one row, blank 总计 stays blank, not 0", () => {
    const known: Partial<Record<RequestRow, (string | number)[]>> = {
      newReceived: [821, 35, 0, 0, 2, 1, 859],
      carriedOver: [18, 0, 0, 0, 0, 0, 18],
      granted: [400, 20, 0, 0, 1, 1, ""],
      otherHandling: [5, 1, 0, 0, 0, 0, 6],
      total: [767, 35, 0, 0, 2, 1, 805],
      carriedForward: [72, 0, 0, 0, 0, 0, 72],
    };
    const html = requestsHtml("2019", (row) => known[row] ?? [1, 0, 0, 0, 0, 0, 1]);
    const { table, unknownLabels } = parseRequestsTable(tableGrids(extractHtml(html).blocks)[0] ?? []);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2019");
    expect(Object.keys(table?.cells ?? {}).sort()).toEqual([...REQUEST_ROWS_2019].sort());
    expect(valuesOf(table, "newReceived")).toEqual([821, 35, 0, 0, 2, 1, 859]);
    expect(valuesOf(table, "granted")).toEqual([400, 20, 0, 0, 1, 1, "blank"]);
    expect(valuesOf(table, "otherHandling")).toEqual([5, 1, 0, 0, 0, 0, 6]);
    expect(valuesOf(table, "total")).toEqual([767, 35, 0, 0, 2, 1, 805]);
    expect(valuesOf(table, "carriedForward")).toEqual([72, 0, 0, 0, 0, 0, 72]);
    expect(table?.subtotals).toEqual({});
  });
});

describe("parseRequestsTable: groups, subtotals, marks and unknown rows", () => {
  const row = (label: string, ...cells: string[]) => [label, ...cells];
  const seven = (v: string) => Array<string>(7).fill(v);

  it("carries the group label to later leaves and keeps printed subtotals apart", () => {
    const grid = [
      row("一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4"),
      row("（三）不予公开", "2", "0", "0", "0", "0", "0", "2"),
      row("1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"),
      row("2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"),
      row("（六）其他处理", "1", "0", "0", "0", "0", "0", "1"),
      row("3.其他", "1", "0", "0", "0", "0", "0", "1"),
    ];
    const { table, unknownLabels } = parseRequestsTable(grid);
    expect(unknownLabels).toEqual([]);
    expect(table?.format).toBe("2021");
    expect(table?.subtotals.denied?.naturalPerson?.value).toBe(2);
    expect(table?.subtotals.otherHandling?.total?.value).toBe(1);
    expect(valuesOf(table, "deniedStateSecret")).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(valuesOf(table, "otherOther")).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(table?.cells.otherHandling).toBeUndefined();
  });

  it("reads '/', '—' and blank cells with their meaning, and ASCII brackets with stray spaces", () => {
    const grid = [
      row("(一) 予以公开", "/", "—", "", "0", "-", "无", "5"),
      row("(二)部分公开(区分处理的, 只计这一情形)", ...seven("")),
    ];
    const { table } = parseRequestsTable(grid);
    expect(valuesOf(table, "granted")).toEqual(["na", "na", "blank", 0, "na", "na", 5]);
  });

  it("reports rows it cannot map instead of guessing", () => {
    const grid = [
      row("一、本年新收政府信息公开申请数量", ...seven("1")),
      row("（八）转办其他机关", ...seven("2")),
      row("二、上年结转政府信息公开申请数量", ...seven("0")),
    ];
    const { table, unknownLabels } = parseRequestsTable(grid);
    expect(unknownLabels).toEqual(["（八）转办其他机关"]);
    expect(Object.keys(table?.cells ?? {}).sort()).toEqual(["carriedOver", "newReceived"]);
  });

  it("in a rectangular grid, takes the columns its header names, ignoring an extra column", () => {
    const header2 = [
      "",
      "自然人",
      "商业企业",
      "科研机构",
      "社会公益组织",
      "法律服务机构",
      "其他",
      "总计",
      "备注",
    ];
    const grid = [
      [
        "",
        "申请人情况",
        "申请人情况",
        "申请人情况",
        "申请人情况",
        "申请人情况",
        "申请人情况",
        "申请人情况",
        "备注",
      ],
      header2,
      ["一、本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "21", "9"],
      [
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "三、本年度办理结果",
        "",
      ],
      ["（一）予以公开", "7", "", "", "", "", "", "7", "说明"],
    ];
    const { table, unknownLabels } = parseRequestsTable(grid);
    expect(unknownLabels).toEqual([]);
    expect(valuesOf(table, "newReceived")).toEqual([1, 2, 3, 4, 5, 6, 21]);
    expect(valuesOf(table, "granted")).toEqual([7, "blank", "blank", "blank", "blank", "blank", 7]);
  });

  it("reads a group and leaf label joined in one cell (PDF merged cells) as the leaf of that group", () => {
    // Every row is written "<group> <leaf>" in one label cell, as a PDF's merged group cell comes out.
    const grid = REQUEST_ROWS_2021.map((row, i) => [
      REQUEST_ROW_LABELS[row],
      ...REQUEST_COLUMNS.map((_, c) => String(i * 10 + c)),
    ]);
    const { table, unknownLabels } = parseRequestsTable(normaliseGrid(grid));
    expect(unknownLabels).toEqual([]);
    for (const [i, row] of REQUEST_ROWS_2021.entries())
      expect(valuesOf(table, row)).toEqual(REQUEST_COLUMNS.map((_, c) => i * 10 + c));
  });

  it("returns no table for a grid without Table 3 rows", () => {
    expect(
      parseRequestsTable([
        ["信息内容", "本年制发件数"],
        ["规章", "0"],
      ]).table,
    ).toBeNull();
    expect(parseRequestsTable([]).table).toBeNull();
  });

  it("never throws, is deterministic, on arbitrary grids", () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("0", "12", "/", "", "（三）不予公开", "3.其他", "总计"),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 40 }), (grid) => {
        const first = parseRequestsTable(grid);
        expect(parseRequestsTable(grid)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });
});
