import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCell, toTenThousandYuan } from "../../../../shared/report/cell.ts";

describe("parseCell (SPEC §5.6)", () => {
  it.each([
    ["0", 0],
    ["17", 17],
    ["1,036", 1036],
    ["1，234，567", 1234567],
    ["０", 0],
    ["１２３", 123],
    ["+1036", 1036],
    ["-8", -8],
    ["－8", -8],
    ["−3", -3],
    [" 42 ", 42],
    ["0.5", 0.5],
    ["增加3", 3],
    ["减少2", -2],
    ["-0", 0],
  ])("%j is the number %d", (raw, value) => {
    expect(parseCell(raw)).toEqual({ value, raw, kind: "number" });
  });

  it.each([
    ["251000元", 251000, "元"],
    ["0.5万元", 0.5, "万元"],
    ["12件", 12, "件"],
    ["3（个）", 3, "个"],
    ["1.2萬元", 1.2, "万元"],
  ])("%j keeps its unit", (raw, value, unit) => {
    expect(parseCell(raw)).toEqual({ value, raw, kind: "number", unit });
  });

  it.each(["/", "／", "—", "——", "-", "－", "无", "無", "\\"])("%j means not applicable", (raw) => {
    expect(parseCell(raw)).toEqual({ value: null, raw, kind: "na" });
  });

  it.each(["", "   ", "\u3000"])("%j is blank (unknown), not zero and not invalid", (raw) => {
    expect(parseCell(raw)).toEqual({ value: null, raw, kind: "blank" });
  });

  it.each(["见附件", "1.2.3", "12abc", "2019年", "x".repeat(300)])("%j is flagged unreadable", (raw) => {
    expect(parseCell(raw)).toEqual({ value: null, raw, kind: "blank", invalid: true });
  });

  it("converts 元 and 亿元 to 万元 and leaves other cells alone", () => {
    expect(toTenThousandYuan(parseCell("25000元"))).toMatchObject({
      value: 2.5,
      unit: "万元",
      raw: "25000元",
    });
    expect(toTenThousandYuan(parseCell("1亿元")).value).toBe(10000);
    expect(toTenThousandYuan(parseCell("3"))).toEqual(parseCell("3"));
    expect(toTenThousandYuan(parseCell("/"))).toEqual(parseCell("/"));
  });

  it("is total and deterministic on any string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const cell = parseCell(raw);
        expect(cell.raw).toBe(raw);
        expect(cell.kind === "number").toBe(cell.value !== null);
        expect(parseCell(raw)).toEqual(cell);
      }),
    );
  });
});
