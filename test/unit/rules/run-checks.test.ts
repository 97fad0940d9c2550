import { describe, expect, it } from "vitest";
import { LOOK_ALIKE_TYPES } from "../../../shared/report/classify.ts";
import { RULES } from "../../../shared/rules/catalogue.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { buildReport, num, section } from "./build-report.ts";

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule);

describe("runChecks on a correct report", () => {
  it.each(["2021", "2019"] as const)("finds nothing in a complete, balanced, on-time %s report", (format) => {
    expect(runChecks(buildReport(format))).toEqual([]);
  });

  it("gives every finding a catalogue severity, the year, url, snapshot and a stable key", () => {
    const report = buildReport();
    report.sections.problems = null;
    report.tables.review!.review.total = num(1);
    const ctx = { url: "https://x.gov.cn/a.html", snapshot: "ab".repeat(32) };
    const first = runChecks(report, ctx);
    expect(first.length).toBeGreaterThanOrEqual(2);
    for (const finding of first) {
      expect(finding.severity).toBe(RULES[finding.rule].severity);
      expect(finding.year).toBe(2023);
      expect(finding.evidence).toMatchObject(ctx);
      expect(finding.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(runChecks(structuredClone(report), ctx).map((f) => f.key)).toEqual(first.map((f) => f.key));
  });
});

describe("not-annual-report", () => {
  it("gives only the info finding, without section or deadline checks", () => {
    const report = buildReport();
    report.kind = "not-annual-report";
    report.lookAlike = { type: "work-plan", cues: ["牵头股室", "附件："] };
    report.sections.overview = null;
    report.publishedAt = undefined;
    const findings = runChecks(report);
    expect(rules(findings)).toEqual(["not-annual-report"]);
    expect(findings[0]?.message).toContain("工作要点");
  });

  it.each(LOOK_ALIKE_TYPES)("names the look-alike %s in Chinese", (type) => {
    const report = buildReport();
    report.kind = "not-annual-report";
    report.lookAlike = { type, cues: ["没有年度报告特征"] };
    const [finding] = runChecks(report);
    expect(finding?.message).toMatch(/看起来是[^（）]+，依据/);
    // An office forwards the message as is: no internal English type name in it.
    expect(finding?.message).not.toMatch(/[A-Za-z]/);
  });
});

describe("section rules", () => {
  it("reports a missing section", () => {
    const report = buildReport();
    report.sections.problems = null;
    const findings = runChecks(report);
    expect(findings.map((f) => [f.rule, f.key])).toEqual([["section-missing", "section.problems"]]);
    expect(findings[0]?.message).toContain("五、存在的主要问题及改进情况");
  });

  it("calls a table heading without numbers not extractable, not missing", () => {
    const report = buildReport();
    report.tables.requests = null;
    report.tables.review = null;
    expect(rules(runChecks(report))).toEqual(["table-not-extractable", "table-not-extractable"]);
    report.sections.review = null;
    expect(runChecks(report).map((f) => f.key)).toEqual(["table.requests", "section.review"]);
  });

  it("reports sections out of order", () => {
    const report = buildReport();
    report.sections.problems = section("problems", 5, "问题。");
    report.sections.other = section("other", 4, "无");
    expect(runChecks(report).map((f) => f.rule)).toEqual(["section-order"]);
  });

  it("reports an empty body, but accepts 无 under 其他需要报告的事项", () => {
    const report = buildReport();
    report.sections.other = section("other", 5, "无。");
    expect(runChecks(report)).toEqual([]);
    report.sections.problems = section("problems", 4, "  ");
    report.sections.overview = section("overview", 0, "无");
    expect(runChecks(report).map((f) => f.key)).toEqual(["section-empty.overview", "section-empty.problems"]);
  });
});

describe("document rules", () => {
  it("label-unknown names the table and the label", () => {
    const report = buildReport();
    report.unknownLabels = [
      { table: "requests", label: "（八）其他情形" },
      { table: "requests", label: "（八）其他情形" },
    ];
    const findings = runChecks(report);
    expect(rules(findings)).toEqual(["label-unknown"]);
    expect(findings[0]?.message).toContain("表三中的项目“（八）其他情形”");
  });

  it("format-year-mismatch for 2019 tables in a 2023 report and 2021 tables in a 2020 report", () => {
    expect(rules(runChecks(buildReport("2019", 2023)))).toEqual(["format-year-mismatch"]);
    expect(rules(runChecks(buildReport("2021", 2020)))).toEqual(["format-year-mismatch"]);
    expect(rules(runChecks(buildReport("2019", 2020)))).toEqual([]);
  });

  it("year-mismatch when title and statistics period disagree", () => {
    const report = buildReport();
    report.yearEvidence.push({
      source: "period",
      year: 2022,
      text: "统计期限自2022年1月1日起至2022年12月31日止",
    });
    const findings = runChecks(report);
    expect(rules(findings)).toEqual(["year-mismatch"]);
    expect(findings[0]?.message).toBe("报告年度前后不一致：统计期限为2022年，标题、统计期限为2023年。");
  });

  it("encoding-damage when the reader saw damage", () => {
    const report = buildReport();
    report.damage = [{ kind: "gbk-misalignment", sample: "?。ㄒ唬┲鲃庸_情況" }];
    const findings = runChecks(report);
    expect(rules(findings)).toEqual(["encoding-damage"]);
    expect(findings[0]?.severity).toBe("info");
  });
});

describe("plausibility rules", () => {
  const withRegulations = (agencyType: "department" | "government" | "township") => {
    const report = buildReport();
    report.agencyType = agencyType;
    report.tables.proactive!.cells.regulations = { issued: num(2), repealed: num(0), inForce: num(5) };
    report.text += "本年度开展政务公开工作考核、社会评议，未发生责任追究。";
    report.publishedAt = "2024-01-05";
    return report;
  };

  it("regulation-implausible for departments, townships and county governments only", () => {
    expect(rules(runChecks(withRegulations("department")))).toEqual(["regulation-implausible"]);
    expect(rules(runChecks(withRegulations("township")))).toEqual(["regulation-implausible"]);
    expect(rules(runChecks(withRegulations("government"), { regionCode: "320115" }))).toEqual([
      "regulation-implausible",
    ]);
    expect(rules(runChecks(withRegulations("government"), { regionCode: "320100" }))).toEqual([]);
    expect(rules(runChecks(withRegulations("government"), { regionCode: "320000" }))).toEqual([]);
    expect(rules(runChecks(withRegulations("government")))).toEqual([]);
  });

  it("no regulation-implausible for a government's 办公厅/办公室, which reports the government's 规章", () => {
    const office = withRegulations("department");
    office.agency = "某市人民政府办公厅";
    expect(rules(runChecks(office))).toEqual([]);
    // a county's office cannot publish 规章 either
    expect(rules(runChecks(office, { regionCode: "320115" }))).toEqual(["regulation-implausible"]);
    office.agency = "某市统计局";
    expect(rules(runChecks(office))).toEqual(["regulation-implausible"]);
  });

  it("accountability-missing for a government report that says nothing of 考核/评议/追究", () => {
    const report = buildReport();
    report.publishedAt = "2024-03-01";
    const findings = runChecks(report, { agencyType: "government" });
    expect(rules(findings)).toEqual(["accountability-missing"]);
    expect(findings[0]?.message).toContain("工作考核、社会评议、责任追究");
    report.text += "将政务公开纳入绩效考核，开展社会评议，本年度无责任追究情况。";
    expect(runChecks(report, { agencyType: "government" })).toEqual([]);
    expect(runChecks(buildReport(), { agencyType: "department" })).toEqual([]);
  });
});

describe("2008 regime", () => {
  const legacy = () => {
    const report = buildReport("2021", 2017);
    report.format = "2008";
    report.publishedAt = "2018-03-20";
    report.tables = { proactive: null, requests: null, review: null };
    for (const key of ["proactive", "requests", "review"] as const) report.sections[key] = null;
    report.legacyTopics = {
      proactive: true,
      requests: true,
      fees: true,
      review: true,
      problems: true,
      other: true,
    };
    report.introParts = ["概述", "主动公开政府信息情况", "咨询和投诉情况"];
    report.text =
      "2017年主动公开政府信息811条,比2016年多125条,增长18.22%。其中,概况类3条,占0.37%;计划总结类22条,占2.71%;其他类512条,占63.13%。";
    return report;
  };

  it("checks Art. 32 topics and narrative arithmetic, not the 2019/2021 tables or headings", () => {
    expect(runChecks(legacy())).toEqual([]);
  });

  it("reports an Art. 32 topic not covered", () => {
    const report = legacy();
    report.legacyTopics!.fees = false;
    const findings = runChecks(report);
    expect(findings.map((f) => [f.rule, f.key])).toEqual([["section-missing", "legacy-topic.fees"]]);
    expect(findings[0]?.message).toContain("收费及减免");
  });

  it("reports a wrong percentage in the narrative", () => {
    const report = legacy();
    report.text = report.text.replace("占2.71%", "占3.71%");
    const findings = runChecks(report);
    expect(rules(findings)).toEqual(["text-table-mismatch"]);
    expect(findings[0]?.message).toContain("按811条计应为2.71%");
  });
});

describe("a recognised table without any value", () => {
  it("is not extractable rather than silently passing", () => {
    const report = buildReport();
    const review = report.tables.review!;
    for (const group of ["review", "litigationDirect", "litigationAfterReview"] as const) {
      for (const column of ["upheld", "corrected", "other", "pending", "total"] as const) {
        review[group][column] = { value: null, raw: "", kind: "blank" };
      }
    }
    expect(runChecks(report).map((f) => f.key)).toEqual(["table.review"]);
  });
});
