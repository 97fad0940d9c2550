// Document facts from page headers as real sites print them (shapes seen on 宿州, 龙华, 迎宾路, 北街 pages).
import { describe, expect, it } from "vitest";
import { extractPlainText } from "../../../shared/report/extract-text.ts";
import {
  agencyFromText,
  extractTitle,
  findYearEvidence,
  inferAgencyType,
} from "../../../shared/report/metadata.ts";
import { metaPairsOfLine } from "../../../shared/report/page-meta.ts";

describe("titles", () => {
  it("joins a title broken after its year", () => {
    const doc = extractPlainText(
      "某某市人民政府2016年\n政府信息公开工作年度报告\n某某市人民政府办公室\n2017年3月\n正文。",
    );
    expect(doc.title).toBe("某某市人民政府2016年政府信息公开工作年度报告");
  });

  it("never takes a breadcrumb for the title", () => {
    const crumb = "首页 > 部门信息公开 > 某某局 > 信息公开工作 > 信息公开年度报告";
    expect(extractPlainText(`${crumb}\n正文。`).title).toBeUndefined();
    expect(
      extractTitle(undefined, [crumb, "根据《条例》，现将本局2023年信息公开年度报告进行公布。"]),
    ).toBeUndefined();
  });
});

describe("agency and its type", () => {
  it("names the organ an intro publishes the report for", () => {
    expect(
      agencyFromText("根据《条例》,现将某某市某某局(以下简称某局)2023年信息公开年度报告进行公布。"),
    ).toBe("某某市某某局");
    expect(agencyFromText("根据《条例》,现将某某区2025年政府信息公开工作年度报告进行公布。")).toBe("某某区");
  });

  it("a …部 is a department, a …街 a street, 全街/我街 a street's own words", () => {
    expect(inferAgencyType("某某区群团工作部", "")).toBe("department");
    expect(inferAgencyType("某某里街", "")).toBe("township");
    expect(inferAgencyType(undefined, "2021年，全街共受理政府信息公开申请1件。")).toBe("township");
  });
});

describe("year without title or period", () => {
  it("takes the year the intro names for the report, else a paragraph opening with a year", () => {
    expect(findYearEvidence(undefined, "现向社会公布2024年某某分局政府信息公开工作年度报告。")[0]?.year).toBe(
      2024,
    );
    expect(
      findYearEvidence(undefined, "依据《条例》编制本报告。\n2025年某某街道积极推动政务公开。")[0]?.year,
    ).toBe(2025);
    // a date line is not a year statement
    expect(findYearEvidence(undefined, "2022年01月18日来源:1\n正文。")).toEqual([]);
  });

  it("adds nothing when a title or period already states the year", () => {
    const evidence = findYearEvidence(
      "某局2023年政府信息公开工作年度报告",
      "2022年某某街道积极推动政务公开。",
    );
    expect(evidence.map((e) => e.year)).toEqual([2023]);
  });
});

describe("bylines", () => {
  it("a bare date opening a labelled byline dates the page", () => {
    expect(metaPairsOfLine("2022年01月18日来源:1")).toEqual([
      ["日期", "2022年01月18日"],
      ["来源", "1"],
    ]);
    expect(metaPairsOfLine("2023-01-20 09:30 来源：某某局")?.[0]).toEqual(["日期", "2023-01-20 09:30"]);
    expect(metaPairsOfLine("2022年，我局扎实推进：一是…")).toBeNull();
  });
});
