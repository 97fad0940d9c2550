import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withArabicYears } from "../../../shared/text/years.ts";

describe("years in full-width digits and Chinese numerals", () => {
  it.each([
    ["二〇二三年度政府信息公开工作报告", "2023年度政府信息公开工作报告"],
    ["二零二二年", "2022年"],
    ["二○二一 年", "2021 年"],
    ["二Ｏ二O年", "2020年"],
    ["２０２３年第１季度", "2023年第1季度"],
  ])("writes %s as %s", (text, expected) => expect(withArabicYears(text)).toBe(expected));

  it("leaves numerals that are no year alone", () => {
    for (const text of ["二〇二三", "一九九九年", "三年以来", "第二〇条", "共二十三件", "零星申请"])
      expect(withArabicYears(text)).toBe(text);
  });

  it("changes nothing in a text with neither form, and keeps every other character", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = withArabicYears(text);
        if (!/[〇零○Ｏ０-９]/.test(text)) expect(out).toBe(text);
        expect(out.length).toBe(text.length);
      }),
    );
  });
});
