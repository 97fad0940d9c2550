import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REQUEST_RESULT_GROUPS, type RequestColumn } from "../../../shared/domain/keys.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import {
  APPLICANTS,
  blank,
  buildReport,
  buildRequests,
  leafRows,
  na,
  num,
  requestCell,
  setRequestCell,
} from "./build-report.ts";

const arithmetic = (report: ReturnType<typeof buildReport>) =>
  runChecks(report).filter((f) => f.rule === "table-arithmetic");

describe("table-arithmetic on Table 3", () => {
  it.each(["2021", "2019"] as const)("is quiet on a full, balanced %s table", (format) => {
    expect(arithmetic(buildReport(format))).toEqual([]);
  });

  it("changing any one leaf cell breaks exactly its row total and its column's result total", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("2021" as const, "2019" as const),
        fc.nat({ max: 20 }),
        fc.constantFrom(...APPLICANTS),
        fc.integer({ min: 1, max: 50 }),
        (format, rowIndex, column, delta) => {
          const report = buildReport(format);
          const leaves = leafRows(format);
          const row = leaves[rowIndex % leaves.length]!;
          setRequestCell(report, row, column, num(requestCell(report, row, column) + delta));
          const keys = arithmetic(report)
            .map((f) => f.key)
            .sort();
          expect(keys).toEqual([`requests.result-total.${column}`, `requests.row-total.${row}`].sort());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reports the balance 一+二 = 三（七）+四 with the numbers, column by column", () => {
    const report = buildReport();
    setRequestCell(
      report,
      "carriedOver",
      "naturalPerson",
      num(requestCell(report, "carriedOver", "naturalPerson") + 1),
    );
    setRequestCell(report, "carriedOver", "total", num(requestCell(report, "carriedOver", "total") + 1));
    const findings = arithmetic(report);
    expect(findings.map((f) => f.key)).toEqual(["requests.balance.naturalPerson", "requests.balance.total"]);
    const natural = findings[0]!;
    const intake =
      requestCell(report, "newReceived", "naturalPerson") +
      requestCell(report, "carriedOver", "naturalPerson");
    const outcome =
      requestCell(report, "total", "naturalPerson") + requestCell(report, "carriedForward", "naturalPerson");
    expect(natural.message).toBe(
      `表三“自然人”列：第一项+第二项=${intake}，第三项（七）+第四项=${outcome}，不相等。`,
    );
    expect(natural.evidence).toMatchObject({
      table: "requests",
      relation: "balance",
      column: "naturalPerson",
      expected: intake,
      actual: outcome,
    });
    expect(natural.severity).toBe("error");
  });

  it("checks the row total of every row, including 一、二 and 四", () => {
    for (const row of ["newReceived", "carriedOver", "total", "carriedForward"] as const) {
      const report = buildReport();
      setRequestCell(report, row, "total", num(requestCell(report, row, "total") + 3));
      expect(arithmetic(report).map((f) => f.key)).toContain(`requests.row-total.${row}`);
    }
  });

  it("does not compute a relation that needs a blank cell", () => {
    const report = buildReport();
    setRequestCell(report, "deniedThirdParty", "research", blank());
    expect(arithmetic(report)).toEqual([]);
  });

  it("computes a blank 总计 from the applicant columns instead of failing", () => {
    const report = buildReport();
    setRequestCell(report, "granted", "total", blank());
    setRequestCell(report, "total", "total", blank());
    expect(arithmetic(report)).toEqual([]);
    setRequestCell(report, "granted", "commercial", num(requestCell(report, "granted", "commercial") + 2));
    // The computed 总计 of 予以公开 now also exceeds the printed （七）总计 of the 总计 column.
    expect(arithmetic(report).map((f) => f.key)).toEqual([
      "requests.result-total.commercial",
      "requests.result-total.total",
    ]);
  });

  it("treats a breakdown that is missing (only 总计 filled) as no arithmetic failure", () => {
    const report = buildReport();
    for (const column of APPLICANTS) setRequestCell(report, "granted", column, blank());
    expect(arithmetic(report)).toEqual([]);
  });

  it("counts '/' as zero", () => {
    const report = buildReport();
    report.tables.requests = buildRequests("2021", (row, column) =>
      row === 5 && column === 2 ? 0 : row + 1 + 30 * column,
    );
    const leaf = leafRows("2021")[5]!;
    setRequestCell(report, leaf, "research", na());
    expect(arithmetic(report)).toEqual([]);
    setRequestCell(report, "total", "research", num(requestCell(report, "total", "research") + 1));
    expect(arithmetic(report).length).toBeGreaterThan(0);
  });

  it("flags negative and fractional counts", () => {
    const report = buildReport();
    setRequestCell(report, "granted", "naturalPerson", { value: -3, raw: "-3", kind: "number" });
    setRequestCell(report, "partiallyGranted", "commercial", { value: 1.5, raw: "1.5", kind: "number" });
    const keys = arithmetic(report).map((f) => f.key);
    expect(keys).toContain("requests.non-negative.granted.naturalPerson");
    expect(keys).toContain("requests.non-negative.partiallyGranted.commercial");
  });

  it("checks printed subtotals of （三）…（六） against their leaves", () => {
    const report = buildReport();
    const table = report.tables.requests!;
    const deniedSum = (column: RequestColumn) =>
      REQUEST_RESULT_GROUPS.denied!.rows2021.map((row) => requestCell(report, row, column)).reduce(
        (a, b) => a + b,
        0,
      );
    table.subtotals.denied = {
      naturalPerson: num(deniedSum("naturalPerson")),
      total: num(deniedSum("total")),
    };
    expect(arithmetic(report)).toEqual([]);
    table.subtotals.denied.naturalPerson = num(deniedSum("naturalPerson") - 1);
    const [finding, ...rest] = arithmetic(report);
    expect(rest).toEqual([]);
    expect(finding?.key).toBe("requests.group-total.denied.naturalPerson");
    expect(finding?.message).toContain("（三）不予公开");
  });
});

describe("table-arithmetic on Tables 4 and 2", () => {
  it("checks each group of Table 4", () => {
    const report = buildReport();
    const review = report.tables.review!;
    const upheld = review.litigationDirect.upheld?.value ?? 0;
    review.litigationDirect.upheld = num(upheld + 1);
    const findings = arithmetic(report);
    expect(findings.map((f) => f.key)).toEqual(["review.row-total.litigationDirect"]);
    expect(findings[0]?.message).toMatch(
      /^表四“行政诉讼（未经复议直接起诉）”：结果维持\+结果纠正\+其他结果\+尚未审结=\d+，总计=\d+，不相等。$/,
    );
  });

  it("requires non-negative Table 2 cells except the signed 2019 本年增/减", () => {
    const report = buildReport("2019");
    const cells = report.tables.proactive!.cells;
    cells.licensing = { ...cells.licensing, change: { value: -8, raw: "-8", kind: "number" } };
    expect(arithmetic(report)).toEqual([]);
    cells.punishment = { ...cells.punishment, decisions: { value: -1, raw: "-1", kind: "number" } };
    expect(arithmetic(report).map((f) => f.key)).toEqual(["proactive.non-negative.punishment.decisions"]);
  });

  it("allows a decimal fee amount in 万元 but not a decimal count", () => {
    const report = buildReport();
    const cells = report.tables.proactive!.cells;
    cells.fees = { amount: { value: 0.5, raw: "0.5", kind: "number" } };
    expect(arithmetic(report)).toEqual([]);
    cells.licensing = { decisions: { value: 2.5, raw: "2.5", kind: "number" } };
    expect(arithmetic(report).map((f) => f.key)).toEqual(["proactive.non-negative.licensing.decisions"]);
  });
});

describe("2019 Table 2 soft relations", () => {
  it("warns when 本年新公开 exceeds 对外公开总数 or items would go negative", () => {
    const report = buildReport("2019");
    const cells = report.tables.proactive!.cells;
    cells.normativeDocuments = { newlyMade: num(5), newlyPublished: num(4), totalPublished: num(40) };
    cells.fees = { previousItems: num(3), change: { value: -2, raw: "-2", kind: "number" } };
    expect(arithmetic(report)).toEqual([]);
    cells.normativeDocuments.newlyPublished = num(41);
    cells.fees.change = { value: -4, raw: "-4", kind: "number" };
    const findings = arithmetic(report);
    expect(findings.map((f) => [f.key, f.severity])).toEqual([
      ["proactive.published-within-total.normativeDocuments", "warning"],
      ["proactive.items-non-negative.fees", "warning"],
    ]);
  });
});
