import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REQUEST_COLUMNS } from "../../../shared/domain/keys.ts";
import {
  checkIntroStructure,
  sectionOfIntroPart,
  sectionsOfIntroPart,
} from "../../../shared/rules/intro-structure.ts";
import { checkNarrativePercentages } from "../../../shared/rules/narrative.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { buildReport, buildRequests, num, requestCell } from "./build-report.ts";

const mismatches = (report: ReturnType<typeof buildReport>) =>
  runChecks(report).filter((f) => f.rule === "text-table-mismatch");

describe("text-table-mismatch (SPEC §2.8)", () => {
  it("accepts the received count as 一 or as 一+二", () => {
    const report = buildReport();
    const received = requestCell(report, "newReceived", "total");
    const withCarry = received + requestCell(report, "carriedOver", "total");
    report.text = `本年共收到政府信息公开申请${withCarry}件。`;
    expect(mismatches(report)).toEqual([]);
    report.text = `本年共收到政府信息公开申请${received + 1}件。`;
    const [finding] = mismatches(report);
    expect(finding?.key).toBe("text.received");
    expect(finding?.message).toContain(`${received + 1}件`);
    expect(finding?.evidence).toMatchObject({ expected: received, actual: received + 1 });
  });

  it("ignores applications for review or litigation", () => {
    const report = buildReport();
    report.text = "本年度收到行政复议申请2件。";
    expect(mismatches(report)).toEqual([]);
  });

  it("compares 办结 with （七）总计 and 结转下年度 with 四", () => {
    const report = buildReport();
    const answered = requestCell(report, "total", "total");
    const forward = requestCell(report, "carriedForward", "total");
    report.text = `共办结${answered}件，结转下年度继续办理${forward}件。`;
    expect(mismatches(report)).toEqual([]);
    report.text = `共办结${answered - 1}件，结转下年度继续办理${forward + 2}件。`;
    expect(mismatches(report).map((f) => f.key)).toEqual(["text.answered", "text.carriedForward"]);
  });

  it("compares 制发行政规范性文件 with Table 2", () => {
    const report = buildReport();
    report.tables.proactive!.cells.normativeDocuments = {
      issued: num(6),
      repealed: num(1),
      inForce: num(30),
    };
    report.text = "本年度制发行政规范性文件6件。";
    expect(mismatches(report)).toEqual([]);
    report.text = "本年度制发行政规范性文件7件。";
    expect(mismatches(report).map((f) => f.key)).toEqual(["text.normativeDocuments"]);
  });
});

describe("narrative percentages", () => {
  const seed000 =
    "2022年,我局共受理信息公开申请58件(均为网上申请),已全部如期答复。其中,予以公开的信息14件,占总数的24.1%;部分公开的信息17件,占29.3%;无法提供的信息15件,占25.9%。";
  it("passes the shares of seed 000 and flags one that is off", () => {
    expect(checkNarrativePercentages(seed000)).toEqual([]);
    const findings = checkNarrativePercentages(seed000.replace("29.3%", "39.3%"));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("按58件计应为29.3%");
  });

  it("never throws and stays bounded on arbitrary text", () => {
    const noise = "占%件条1.2.3共".repeat(20_000);
    expect(() => checkNarrativePercentages(noise)).not.toThrow();
  });
});

describe("intro-structure-mismatch", () => {
  it("fires for a legacy six-part intro (seed 004) and names the odd parts", () => {
    const report = buildReport("2019", 2020);
    report.introParts = [
      "概述",
      "主动公开政府信息情况",
      "咨询和投诉情况",
      "行政复议和行政诉讼情况",
      "工作存在的主要问题及改进情况",
      "其他事项",
    ];
    const [finding, ...rest] = checkIntroStructure(report);
    expect(rest).toEqual([]);
    expect(finding?.message).toContain("咨询和投诉情况");
    expect(finding?.message).toContain("三、收到和处理政府信息公开申请情况");
    expect(runChecks(report).map((f) => f.rule)).toEqual(["intro-structure-mismatch"]);
  });

  it("maps the heading variants of SPEC §7 to their sections", () => {
    expect(sectionOfIntroPart("因政府信息公开工作被申请行政复议、提起行政诉讼情况")).toBe("review");
    expect(sectionOfIntroPart("行政机关收到和处理政府信息公开申请情况")).toBe("requests");
    expect(sectionOfIntroPart("依申请公开政府信息情况")).toBe("requests");
    expect(sectionOfIntroPart("政府信息主动公开情况")).toBe("proactive");
    expect(sectionOfIntroPart("存在的主要问题和改进措施")).toBe("problems");
    expect(sectionOfIntroPart("其他需要汇报事项")).toBe("other");
    expect(sectionOfIntroPart("总体情况")).toBe("overview");
    // one listed part joining two sections with 和 (建章路街道 2025 intro)
    expect(sectionsOfIntroPart("主动公开政府信息情况和收到处理政府信息公开申请情况")).toEqual([
      "proactive",
      "requests",
    ]);
    expect(sectionsOfIntroPart("存在的主要问题及改进情况和其他需要报告的事项")).toEqual([
      "problems",
      "other",
    ]);
    expect(sectionsOfIntroPart("政府信息公开行政复议和行政诉讼情况")).toEqual(["review"]);
    expect(sectionsOfIntroPart("存在的主要问题及改进情况")).toEqual(["problems"]);
  });
});

describe("text that denies what the tables count", () => {
  it("flags 未收到申请 against a non-zero Table 3 and 未发生复议诉讼 against a non-zero Table 4", () => {
    const report = buildReport();
    report.text =
      "本年度未收到政府信息公开申请。本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。";
    expect(mismatches(report).map((f) => f.key)).toEqual(["text.noApplications", "text.noReview"]);
  });

  it("is quiet when the tables are zero", () => {
    const report = buildReport();
    report.tables.requests = buildRequests("2021", () => 0);
    for (const column of REQUEST_COLUMNS) {
      report.tables.requests.cells.carriedOver![column] = num(0);
      report.tables.requests.cells.carriedForward![column] = num(0);
      report.tables.requests.cells.newReceived![column] = num(0);
    }
    for (const group of ["review", "litigationDirect", "litigationAfterReview"] as const) {
      for (const column of ["upheld", "corrected", "other", "pending", "total"] as const)
        report.tables.review![group][column] = num(0);
    }
    report.text = "本年度未收到政府信息公开申请，未发生行政复议、行政诉讼。";
    expect(runChecks(report)).toEqual([]);
  });
});

describe("fee notices (SPEC §2.6)", () => {
  it("questions 六 saying no fee notice was issued when applications were dropped for unpaid fees", () => {
    const report = buildReport();
    report.sections.other = {
      heading: "六、其他需要报告的事项",
      index: 5,
      text: "本年度未发出收费通知，未收取信息处理费。",
      hasTable: false,
      hasImage: false,
    };
    const findings = mismatches(report);
    expect(findings.map((f) => f.key)).toEqual(["text.feeNotices"]);
    expect(findings[0]?.message).toContain(`为${requestCell(report, "otherUnpaidFee", "total")}件`);
    report.sections.other.text = "本年度未收取信息处理费。";
    expect(mismatches(report)).toEqual([]);
  });
});

describe("narrative rules on arbitrary text", () => {
  it("never throw and give the same findings twice", () => {
    const pieces = fc.constantFrom(
      "共收到",
      "申请",
      "件",
      "条",
      "占",
      "%",
      "。",
      "办结",
      "结转下年度",
      "规范性文件",
      "未收到政府信息公开申请",
      "12",
      "3.5",
      "0",
      "复议",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 200 }), (parts) => {
        const report = buildReport();
        report.text = parts.join("");
        const first = runChecks(report);
        expect(runChecks(report)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
