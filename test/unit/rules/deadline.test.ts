import { describe, expect, it } from "vitest";
import { chinaToday, deadlineFor, expectedReportYears, toChinaDate } from "../../../shared/rules/deadline.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { buildReport } from "./build-report.ts";

describe("deadlineFor", () => {
  it("gives departments 1/31 and governments 3/31 under the 2019 regulation", () => {
    expect(deadlineFor(2023, "department")).toEqual({ deadline: "2024-01-31", regime: "2019" });
    expect(deadlineFor(2023, "government")).toEqual({ deadline: "2024-03-31", regime: "2019" });
    expect(deadlineFor(2019, "department")).toEqual({ deadline: "2020-01-31", regime: "2019" });
  });

  it("gives every organ 3/31 for reports up to 2018 (2008 regulation)", () => {
    expect(deadlineFor(2018, "department")).toEqual({ deadline: "2019-03-31", regime: "2008" });
    expect(deadlineFor(2017, "township")).toEqual({ deadline: "2018-03-31", regime: "2008" });
  });

  it("gives townships a warning date and a late date, both configurable", () => {
    expect(deadlineFor(2023, "township")).toEqual({
      deadline: "2024-03-31",
      warnAfter: "2024-01-31",
      regime: "2019",
    });
    const strict = { warnAfter: { month: 1, day: 15 }, lateAfter: { month: 1, day: 31 } };
    expect(deadlineFor(2023, "township", undefined, strict).deadline).toBe("2024-01-31");
    expect(deadlineFor(2023, "township", { month: 2, day: 20 })).toEqual({
      deadline: "2024-02-20",
      regime: "2019",
    });
  });

  it("lets an earlier local date bind but never excuses a later one", () => {
    expect(deadlineFor(2021, "department", { month: 1, day: 28 }).deadline).toBe("2022-01-28");
    expect(deadlineFor(2021, "department", { month: 2, day: 28 }).deadline).toBe("2022-01-31");
  });
});

describe("toChinaDate", () => {
  it("reads timestamps in China time", () => {
    expect(toChinaDate("2024-01-31T23:30+08:00")).toBe("2024-01-31");
    expect(toChinaDate("2024-01-31T16:30:00Z")).toBe("2024-02-01");
    expect(toChinaDate("2024-01-31T15:30:00Z")).toBe("2024-01-31");
    expect(toChinaDate("2024-01-31 08:00")).toBeUndefined();
    expect(toChinaDate("2024-02-30")).toBeUndefined();
    expect(chinaToday(new Date("2024-01-31T16:30:00Z"))).toBe("2024-02-01");
  });
});

describe("late-publication", () => {
  const late = (
    publishedAt: string,
    agencyType: "department" | "government" | "township" = "department",
    year = 2023,
  ) =>
    runChecks(buildReport("2021", year), { publishedAt, agencyType }).filter(
      (f) => f.rule === "late-publication",
    );

  it("treats the deadline day as on time and the next day as late", () => {
    expect(late("2024-01-31")).toEqual([]);
    const [finding] = late("2024-02-01");
    expect(finding?.severity).toBe("error");
    expect(finding?.evidence).toMatchObject({
      deadline: "2024-01-31",
      publishedAt: "2024-02-01",
      regime: "2019",
    });
    expect(finding?.message).toContain("2024-01-31");
  });

  it("judges a timestamp by its China calendar day", () => {
    expect(late("2024-01-31T23:30+08:00")).toEqual([]);
    expect(late("2024-01-31T16:30:00Z")).toHaveLength(1);
  });

  it("gives a 2018 department report until March 31", () => {
    expect(late("2019-03-31", "department", 2018)).toEqual([]);
    expect(late("2019-04-01", "department", 2018)).toHaveLength(1);
  });

  it("gives a government until March 31 and a township a warning in between", () => {
    expect(late("2024-03-31", "government")).toEqual([]);
    expect(late("2024-02-15", "township").map((f) => f.severity)).toEqual(["warning"]);
    expect(late("2024-04-01", "township").map((f) => f.severity)).toEqual(["error"]);
  });

  it("follows a jurisdiction's own township dates", () => {
    const townshipDeadline = { warnAfter: { month: 1, day: 15 }, lateAfter: { month: 1, day: 31 } };
    const findings = runChecks(buildReport(), {
      agencyType: "township",
      publishedAt: "2024-02-05",
      townshipDeadline,
    });
    expect(findings.map((f) => [f.rule, f.severity, f.evidence.deadline])).toEqual([
      ["late-publication", "error", "2024-01-31"],
    ]);
  });

  it("prefers the registry's agency type over the report's", () => {
    const report = buildReport();
    report.agencyType = "government";
    expect(
      runChecks(report, { publishedAt: "2024-02-10", agencyType: "department" }).map((f) => f.rule),
    ).toContain("late-publication");
    expect(runChecks(report, { publishedAt: "2024-02-10" }).map((f) => f.rule)).not.toContain(
      "late-publication",
    );
  });

  it("only warns between Jan 31 and Mar 31 when the agency type had to be assumed", () => {
    const report = buildReport();
    report.agencyType = undefined;
    const judged = (publishedAt: string) =>
      runChecks(report, { publishedAt })
        .filter((f) => f.rule === "late-publication")
        .map((f) => [f.severity, f.evidence.agencyTypeAssumed]);
    expect(judged("2024-01-31")).toEqual([]);
    expect(judged("2024-02-15")).toEqual([["warning", true]]);
    expect(judged("2024-04-01")).toEqual([["error", true]]);
  });

  it("says the date is unknown when there is no trustworthy date", () => {
    const report = buildReport();
    report.publishedAt = "2024-03-25";
    report.publishedAtSource = "signature";
    const findings = runChecks(report);
    expect(findings.map((f) => f.rule)).toEqual(["publication-date-unknown"]);
    expect(findings[0]?.severity).toBe("info");
  });

  it("flags a report published before its year ended", () => {
    const findings = runChecks(buildReport(), { publishedAt: "2023-11-02" });
    expect(findings.map((f) => [f.rule, f.key])).toEqual([["year-mismatch", "published-before-year-end"]]);
  });
});

describe("expectedReportYears", () => {
  it("lists the years whose deadline has passed", () => {
    expect(expectedReportYears("2024-01-31", "department", undefined, 2021)).toEqual([2021, 2022]);
    expect(expectedReportYears("2024-02-01", "department", undefined, 2021)).toEqual([2021, 2022, 2023]);
    expect(expectedReportYears("2024-03-31", "government", undefined, 2022)).toEqual([2022]);
    expect(expectedReportYears("2024-04-01", "township", undefined, 2022)).toEqual([2022, 2023]);
    expect(expectedReportYears("2019-04-01", "department", undefined, 2017)).toEqual([2017, 2018]);
  });
});
