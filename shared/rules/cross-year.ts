// Cross-year relations (SPEC §2.7): X1 carry-over (also across the 2019 → 2021 formats), X2 in-force (soft).
import {
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_COLUMNS,
  type RequestColumn,
} from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import { formatNumber, sumKnown, sumValue } from "./cell-values.ts";
import type { FindingDraft } from "./finding-builder.ts";
import { requestValue } from "./table-arithmetic.ts";

function consecutive(previous: ParsedReport, report: ParsedReport): boolean {
  return previous.year !== undefined && report.year !== undefined && previous.year === report.year - 1;
}

export function checkCarryover(report: ParsedReport, previous: ParsedReport): FindingDraft[] {
  const now = report.tables.requests;
  const before = previous.tables.requests;
  if (!now || !before || !consecutive(previous, report)) return [];
  const pair = (column: RequestColumn) => ({
    forward: requestValue(before, "carriedForward", column),
    over: requestValue(now, "carriedOver", column),
  });
  const lastYear = previous.year;
  const total = pair("total");
  if (total.forward !== undefined && total.over !== undefined && total.forward !== total.over) {
    return [
      {
        rule: "carryover-mismatch",
        key: "requests.carryover.total",
        message: `表三“二、上年结转政府信息公开申请数量”总计为${formatNumber(total.over)}，但${lastYear}年度报告“四、结转下年度继续办理”总计为${formatNumber(total.forward)}，前后不衔接。`,
        evidence: {
          table: "requests",
          relation: "carryover",
          column: "total",
          expected: total.forward,
          actual: total.over,
          previousYear: lastYear,
        },
      },
    ];
  }
  const findings: FindingDraft[] = [];
  for (const column of REQUEST_COLUMNS) {
    if (column === "total") continue;
    const { forward, over } = pair(column);
    if (forward === undefined || over === undefined || forward === over) continue;
    findings.push({
      rule: "carryover-mismatch",
      key: `requests.carryover.${column}`,
      message: `表三“${REQUEST_COLUMN_LABELS[column]}”列：上年结转为${formatNumber(over)}，但${lastYear}年度报告结转下年度为${formatNumber(forward)}，前后不衔接。`,
      evidence: {
        table: "requests",
        relation: "carryover",
        column,
        expected: forward,
        actual: over,
        previousYear: lastYear,
      },
    });
  }
  return findings;
}

/** X2: in force(N) ≈ in force(N−1) + issued(N) − repealed(N); only between two 2021-format tables. */
export function checkInForce(report: ParsedReport, previous: ParsedReport): FindingDraft[] {
  const now = report.tables.proactive;
  const before = previous.tables.proactive;
  if (
    !now ||
    !before ||
    now.format !== "2021" ||
    before.format !== "2021" ||
    !consecutive(previous, report)
  ) {
    return [];
  }
  const findings: FindingDraft[] = [];
  for (const row of ["regulations", "normativeDocuments"] as const) {
    const cells = now.cells[row];
    const expected = sumKnown([
      sumValue(before.cells[row]?.inForce),
      sumValue(cells?.issued),
      sumValue(cells?.repealed) === undefined ? undefined : -(sumValue(cells?.repealed) ?? 0),
    ]);
    const actual = sumValue(cells?.inForce);
    if (expected === undefined || actual === undefined || expected === actual) continue;
    findings.push({
      rule: "in-force-mismatch",
      key: `proactive.in-force.${row}`,
      message: `表二“${PROACTIVE_ROW_LABELS[row]}”现行有效件数为${formatNumber(actual)}，按上年现行有效件数加本年制发、减本年废止应为${formatNumber(expected)}，请核实（到期失效或清理可能造成差异）。`,
      evidence: {
        table: "proactive",
        relation: "in-force",
        row,
        column: "inForce",
        expected,
        actual,
        previousYear: previous.year,
      },
    });
  }
  return findings;
}
