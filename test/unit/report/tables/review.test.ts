import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REVIEW_COLUMNS, REVIEW_GROUPS } from "../../../../shared/domain/keys.ts";
import type { ReviewTable } from "../../../../shared/domain/report.ts";
import { extractHtml } from "../../../../shared/report/extract-html.ts";
import { extractPlainText } from "../../../../shared/report/extract-text.ts";
import { parseReviewTable } from "../../../../shared/report/tables/review.ts";
import { seedPath, tableGrids } from "./fixtures.ts";

function flat(table: ReviewTable | null): (number | null | string)[] {
  return REVIEW_GROUPS.flatMap((g) =>
    REVIEW_COLUMNS.map((c) => {
      const cell = table?.[g][c];
      return cell === undefined ? "missing" : cell.kind === "number" ? cell.value : cell.kind;
    }),
  );
}

// KIROGOVCOMPARE fixture values (SPEC §2.5): distinct enough that a shift shows.
const SAMPLE = [119, 25, 91, 24, 259, 7, 0, 15, 6, 28, 21, 1, 7, 9, 38];

describe("parseReviewTable", () => {
  it("seed 001: truncated 2-line header, 15 zeros in the data row", () => {
    const doc = extractPlainText(readFileSync(seedPath("001_be91649d0d9c67f4.txt"), "utf8"));
    const { table } = parseReviewTable(tableGrids(doc.blocks)[2] ?? []);
    expect(flat(table)).toEqual(Array(15).fill(0));
  });

  it("official HTML layout with merged header cells", () => {
    const five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    const html = `<table>
      <tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
      <tr>${five.map((h) => `<td rowspan="2">${h.slice(0, 2)}<br>${h.slice(2)}</td>`).join("")}
          <td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
      <tr>${[...five, ...five].map((h) => `<td>${h}</td>`).join("")}</tr>
      <tr>${SAMPLE.map((v) => `<td>${v}</td>`).join("")}</tr>
    </table>`;
    const { table, unknownLabels } = parseReviewTable(tableGrids(extractHtml(html).blocks)[0] ?? []);
    expect(flat(table)).toEqual(SAMPLE);
    expect(unknownLabels).toEqual([]);
  });

  it("a data row split over two text lines and a row label in front", () => {
    const grid = [
      ["结果维持", "结果纠正"],
      ["数量", ...SAMPLE.slice(0, 8).map(String)],
      SAMPLE.slice(8).map(String),
    ];
    expect(flat(parseReviewTable(grid).table)).toEqual(SAMPLE);
  });

  it("a three-row layout (one row of five per group)", () => {
    const grid = [
      ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
      ["行政复议", "119", "25", "91", "24", "259"],
      ["行政诉讼（未经复议直接起诉）", "7", "0", "15", "6", "28"],
      ["行政诉讼（复议后起诉）", "21", "1", "7", "9", "38"],
    ];
    expect(flat(parseReviewTable(grid).table)).toEqual(SAMPLE);
  });

  it("keeps '/' and blanks distinct from 0", () => {
    const row = ["/", "", "0", "—", "1", ...Array(10).fill("0")];
    expect(flat(parseReviewTable([["行政复议"], row]).table).slice(0, 5)).toEqual([
      "na",
      "blank",
      0,
      "na",
      1,
    ]);
  });

  it("no table when there is no 15-value row (image-only tables)", () => {
    expect(
      parseReviewTable([
        ["行政复议", "行政诉讼"],
        ["结果维持", "结果纠正"],
      ]).table,
    ).toBeNull();
    expect(parseReviewTable([["0", "0", "0"]]).table).toBeNull();
  });

  it("never throws and is deterministic on arbitrary grids", () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom("0", "7", "/", "", "行政复议", "复议后起诉"),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 20 }), { maxLength: 10 }), (grid) => {
        expect(parseReviewTable(grid)).toEqual(parseReviewTable(grid));
      }),
      { numRuns: 300 },
    );
  });
});
