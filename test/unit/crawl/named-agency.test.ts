import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { namedAgency, namesBureau } from "../../../shared/crawl/column-rediscovery.ts";

const BUREAU = "广州市番禺区统计局";

describe("the agency a report title names", () => {
  it.each([
    ["番禺区统计局2023年政府信息公开工作年度报告", "番禺区统计局", true],
    ["2023年度广州市统计局政府信息公开工作年度报告", "广州市统计局", false],
    ["2023年度区统计局政府信息公开年报", "区统计局", true],
    ["2023年番禺区人民政府政务公开工作年度报告", "番禺区人民政府", false],
    ["2023年政府信息公开工作年度报告", undefined, true],
    ["关于2023年度政府信息公开工作年度报告的通知", undefined, true],
    ["本局2023年政府信息公开工作年度报告", undefined, true],
    ["2023年度我局政府信息公开工作年度报告", undefined, true],
    ["【统计局】2023年政府信息公开年报", undefined, true],
  ])("%s → %s (this bureau's: %s)", (title, agency, own) => {
    expect(namedAgency(title)).toBe(agency);
    expect(namesBureau(title, BUREAU)).toBe(own);
  });

  it("never throws on any link text, and an agency it names is part of the text", () => {
    const cjk = fc.constantFrom(..."2023年度本我局委区市统计政府信息公开工作报告关于【】（）() \n");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(cjk, { maxLength: 80 }).map((a) => a.join("")),
        ),
        (text) => {
          const agency = namedAgency(text);
          if (agency !== undefined) expect(text.replace(/\s+/g, "")).toContain(agency);
          expect(typeof namesBureau(text, BUREAU)).toBe("boolean");
        },
      ),
      { numRuns: 1000 },
    );
  });
});
