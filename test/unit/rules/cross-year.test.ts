import { describe, expect, it } from "vitest";
import { REQUEST_COLUMNS } from "../../../shared/domain/keys.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { buildReport, num, requestCell, setRequestCell } from "./build-report.ts";

/** Last year's report whose carriedForward equals this year's carriedOver, column by column. */
function pair(previousFormat: "2021" | "2019" = "2021") {
  const report = buildReport("2021", 2023);
  const previous = buildReport(previousFormat, 2022);
  for (const column of REQUEST_COLUMNS) {
    setRequestCell(previous, "carriedForward", column, num(requestCell(report, "carriedOver", column)));
  }
  // Keep the proactive tables consistent across the two years too (X2).
  const cells = report.tables.proactive!.cells;
  for (const row of ["regulations", "normativeDocuments"] as const) {
    const value = (column: string) => cells[row]?.[column]?.value ?? 0;
    const inForce = value("inForce") - value("issued") + value("repealed");
    previous.tables.proactive!.cells[row] = {
      ...previous.tables.proactive!.cells[row],
      inForce: num(inForce),
    };
  }
  return { report, previous };
}

const found = (report: ReturnType<typeof buildReport>, previous: ReturnType<typeof buildReport>) =>
  runChecks(report, { previous }).filter(
    (f) => f.rule === "carryover-mismatch" || f.rule === "in-force-mismatch",
  );

describe("carryover-mismatch (X1)", () => {
  it("is quiet when last year's 结转下年度 equals this year's 上年结转, also from a 2019-format year", () => {
    expect(found(pair().report, pair().previous)).toEqual([]);
    const mixed = pair("2019");
    expect(found(mixed.report, mixed.previous)).toEqual([]);
  });

  it("compares the 总计 column first", () => {
    const { report, previous } = pair("2019");
    setRequestCell(
      previous,
      "carriedForward",
      "total",
      num(requestCell(previous, "carriedForward", "total") + 4),
    );
    const findings = found(report, previous);
    expect(findings.map((f) => f.key)).toEqual(["requests.carryover.total"]);
    expect(findings[0]?.message).toContain("2022年度报告");
    expect(findings[0]?.evidence).toMatchObject({ column: "total", previousYear: 2022 });
  });

  it("then names each applicant column that differs", () => {
    const { report, previous } = pair();
    setRequestCell(
      previous,
      "carriedForward",
      "research",
      num(requestCell(previous, "carriedForward", "research") + 1),
    );
    setRequestCell(
      previous,
      "carriedForward",
      "nonprofit",
      num(requestCell(previous, "carriedForward", "nonprofit") - 1),
    );
    expect(found(report, previous).map((f) => f.key)).toEqual([
      "requests.carryover.research",
      "requests.carryover.nonprofit",
    ]);
  });

  it("only compares consecutive years", () => {
    const { report, previous } = pair();
    previous.year = 2021;
    setRequestCell(previous, "carriedForward", "total", num(9999));
    expect(found(report, previous)).toEqual([]);
  });
});

describe("in-force-mismatch (X2)", () => {
  it("warns when in force(N) ≠ in force(N−1) + issued(N) − repealed(N)", () => {
    const { report, previous } = pair();
    previous.tables.proactive!.cells.normativeDocuments = {
      issued: num(3),
      repealed: num(1),
      inForce: num(20),
    };
    report.tables.proactive!.cells.normativeDocuments = {
      issued: num(4),
      repealed: num(2),
      inForce: num(22),
    };
    expect(found(report, previous)).toEqual([]);
    report.tables.proactive!.cells.normativeDocuments.inForce = num(25);
    const findings = found(report, previous);
    expect(findings.map((f) => [f.rule, f.key, f.severity])).toEqual([
      ["in-force-mismatch", "proactive.in-force.normativeDocuments", "warning"],
    ]);
    expect(findings[0]?.evidence).toMatchObject({ expected: 22, actual: 25 });
  });
});
