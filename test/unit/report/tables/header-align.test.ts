import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignToHeaders, type HeaderSlot } from "../../../../shared/report/tables/header-align.ts";

// header rows are those starting with "信息内容"; other header cells name their column by their text
const headerOf = (row: string[]): HeaderSlot[] | null =>
  row[0] === "信息内容" ? row.map((cell, i) => (i === 0 ? "label" : cell)) : null;

describe("alignToHeaders", () => {
  it("takes the value lying under each header column when value and header spans differ", () => {
    // header: prev | change (2 slots) | decisions; value: prev (2 slots) | change | decisions
    const grid = [
      ["信息内容", "prev", "change", "change", "decisions"],
      ["行政许可", "41", "41", "-3", "1208"],
    ];
    expect(alignToHeaders(grid, headerOf)[1]).toEqual(["行政许可", "41", "-3", "1208"]);
  });

  it("keeps one value per column when both span the same slots", () => {
    const grid = [
      ["信息内容", "made", "published", "published", "total"],
      ["规章", "13", "12", "12", "524"],
    ];
    expect(alignToHeaders(grid, headerOf)[1]).toEqual(["规章", "13", "12", "524"]);
  });

  it("prefers a value printed in the first slot over the empty cells beside it, not a neighbour's spill-over", () => {
    const grid = [
      ["信息内容", "decisions", "decisions", "decisions"],
      ["行政许可", "42", "", ""],
    ];
    expect(alignToHeaders(grid, headerOf)[1]).toEqual(["行政许可", "42"]);
    const spill = [
      ["信息内容", "prev", "change", "change"],
      ["行政处罚", "5", "5", ""],
    ];
    expect(alignToHeaders(spill, headerOf)[1]).toEqual(["行政处罚", "5", ""]);
  });

  it("leaves ragged grids, value-less rows and rows under an unknown column alone", () => {
    const ragged = [
      ["信息内容", "a"],
      ["规章", "1", "2"],
    ];
    expect(alignToHeaders(ragged, headerOf)).toBe(ragged);
    const unknown: string[][] = [
      ["信息内容", "a", "a"],
      ["第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项"],
    ];
    expect(alignToHeaders(unknown, headerOf)).toEqual(unknown);
    const noHeader = (row: string[]): HeaderSlot[] | null =>
      row[0] === "信息内容" ? [undefined, "a"] : null;
    expect(
      alignToHeaders(
        [
          ["信息内容", "a"],
          ["x", "1"],
        ],
        noHeader,
      )[1],
    ).toEqual(["x", "1"]);
  });

  it("never throws and is deterministic on arbitrary rectangular grids", () => {
    const cell = fc.oneof(
      fc.constantFrom("信息内容", "a", "b", "0", "12", "", "规章"),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 12 })),
        (grid) => {
          expect(alignToHeaders(grid, headerOf)).toEqual(alignToHeaders(grid, headerOf));
        },
      ),
      { numRuns: 200 },
    );
  });
});
