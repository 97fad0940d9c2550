// Hard relations of SPEC §2.5 / §3.5, cell by cell. A relation that needs an unknown (blank) cell is not computed.
import {
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ROW_LABELS,
  type ProactiveRow,
  REQUEST_COLUMN_LABELS,
  REQUEST_COLUMNS,
  REQUEST_RESULT_GROUPS,
  REQUEST_ROW_LABELS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  type RequestColumn,
  type RequestRow,
  type ReviewColumn,
} from "../domain/keys.ts";
import type { Cell, ProactiveTable, RequestsTable, ReviewTable } from "../domain/report.ts";
import { formatNumber, sumKnown, sumValue } from "./cell-values.ts";
import type { FindingDraft } from "./finding-builder.ts";

const APPLICANT_COLUMNS = REQUEST_COLUMNS.filter((column) => column !== "total");
const quote = (label: string) => `“${label}”`;

export function requestRows(table: RequestsTable): readonly RequestRow[] {
  return table.format === "2019" ? REQUEST_ROWS_2019 : REQUEST_ROWS_2021;
}

function resultLeaves(table: RequestsTable): RequestRow[] {
  return Object.values(REQUEST_RESULT_GROUPS).flatMap((group) =>
    table.format === "2019" ? group.rows2019 : group.rows2021,
  );
}

/** A cell's value for sums; a blank 总计 is computed from the six applicant columns (SPEC §5.6). */
export function requestValue(
  table: RequestsTable,
  row: RequestRow,
  column: RequestColumn,
): number | undefined {
  const cells = table.cells[row];
  const value = sumValue(cells?.[column]);
  if (value !== undefined || column !== "total") return value;
  return sumKnown(APPLICANT_COLUMNS.map((applicant) => sumValue(cells?.[applicant])));
}

function mismatch(
  table: "requests" | "review" | "proactive",
  relation: string,
  key: string,
  message: string,
  detail: { row?: string; column?: string; expected: number; actual: number },
): FindingDraft {
  return {
    rule: "table-arithmetic",
    key: `${table}.${relation}.${key}`,
    message,
    evidence: { table, relation, ...detail },
  };
}

function nonNegative(
  table: "requests" | "review" | "proactive",
  where: string,
  key: string,
  cell: Cell | undefined,
  allowDecimal: boolean,
  row: string,
  column: string,
): FindingDraft[] {
  const value = cell?.kind === "number" ? cell.value : null;
  if (value === null || value === undefined) return [];
  if (value >= 0 && (allowDecimal || Number.isInteger(value))) return [];
  const what = value < 0 ? "为负数" : "不是整数";
  return [
    {
      rule: "table-arithmetic",
      key: `${table}.non-negative.${key}`,
      message: `${where}${what}（${cell?.raw ?? formatNumber(value)}），应为${allowDecimal ? "非负数" : "非负整数"}。`,
      evidence: { table, relation: "non-negative", row, column, expected: ">= 0", actual: value },
    },
  ];
}

export function checkRequestsArithmetic(table: RequestsTable): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const rows = requestRows(table);
  for (const row of rows) {
    for (const column of REQUEST_COLUMNS) {
      const where = `表三${quote(REQUEST_ROW_LABELS[row])}行${quote(REQUEST_COLUMN_LABELS[column])}列`;
      findings.push(
        ...nonNegative("requests", where, `${row}.${column}`, table.cells[row]?.[column], false, row, column),
      );
    }
  }
  // H3.1 row totals: only when the printed 总计 and all six applicant cells are known.
  for (const row of rows) {
    const printed = sumValue(table.cells[row]?.total);
    const computed = sumKnown(APPLICANT_COLUMNS.map((column) => sumValue(table.cells[row]?.[column])));
    if (printed === undefined || computed === undefined || printed === computed) continue;
    findings.push(
      mismatch(
        "requests",
        "row-total",
        row,
        `表三${quote(REQUEST_ROW_LABELS[row])}行：自然人至“其他”六列之和=${formatNumber(computed)}，总计列=${formatNumber(printed)}，不相等。`,
        { row, column: "total", expected: computed, actual: printed },
      ),
    );
  }
  const leaves = resultLeaves(table);
  for (const column of REQUEST_COLUMNS) {
    const label = `表三${quote(REQUEST_COLUMN_LABELS[column])}列`;
    const value = (row: RequestRow) => requestValue(table, row, column);
    // H3.2 result total: （七）总计 = sum of the leaf rows of （一）…（六）.
    const leafSum = sumKnown(leaves.map(value));
    const resultTotal = value("total");
    if (leafSum !== undefined && resultTotal !== undefined && leafSum !== resultTotal) {
      findings.push(
        mismatch(
          "requests",
          "result-total",
          column,
          `${label}：第三项（一）至（六）各项之和=${formatNumber(leafSum)}，第三项（七）总计=${formatNumber(resultTotal)}，不相等。`,
          { row: "total", column, expected: leafSum, actual: resultTotal },
        ),
      );
    }
    // H3.3 balance: 一 + 二 = 三（七） + 四.
    const intake = sumKnown([value("newReceived"), value("carriedOver")]);
    const outcome = sumKnown([resultTotal, value("carriedForward")]);
    if (intake !== undefined && outcome !== undefined && intake !== outcome) {
      findings.push(
        mismatch(
          "requests",
          "balance",
          column,
          `${label}：第一项+第二项=${formatNumber(intake)}，第三项（七）+第四项=${formatNumber(outcome)}，不相等。`,
          { column, expected: intake, actual: outcome },
        ),
      );
    }
    // Printed subtotals of （三）…（六）, when the report has them.
    for (const [group, spec] of Object.entries(REQUEST_RESULT_GROUPS)) {
      const printed = sumValue(table.subtotals[group]?.[column]);
      const groupSum = sumKnown((table.format === "2019" ? spec.rows2019 : spec.rows2021).map(value));
      if (printed === undefined || groupSum === undefined || printed === groupSum) continue;
      findings.push(
        mismatch(
          "requests",
          "group-total",
          `${group}.${column}`,
          `${label}：${spec.label}小计=${formatNumber(printed)}，其下各项之和=${formatNumber(groupSum)}，不相等。`,
          { row: group, column, expected: groupSum, actual: printed },
        ),
      );
    }
  }
  return findings;
}

const REVIEW_PARTS: ReviewColumn[] = ["upheld", "corrected", "other", "pending"];

export function checkReviewArithmetic(table: ReviewTable): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const group of REVIEW_GROUPS) {
    const cells = table[group] ?? {};
    for (const column of [...REVIEW_PARTS, "total" as const]) {
      const where = `表四${quote(REVIEW_GROUP_LABELS[group])}${quote(REVIEW_COLUMN_LABELS[column])}`;
      findings.push(
        ...nonNegative("review", where, `${group}.${column}`, cells[column], false, group, column),
      );
    }
    const parts = sumKnown(REVIEW_PARTS.map((column) => sumValue(cells[column])));
    const printed = sumValue(cells.total);
    if (parts === undefined || printed === undefined || parts === printed) continue;
    findings.push(
      mismatch(
        "review",
        "row-total",
        group,
        `表四${quote(REVIEW_GROUP_LABELS[group])}：结果维持+结果纠正+其他结果+尚未审结=${formatNumber(parts)}，总计=${formatNumber(printed)}，不相等。`,
        { row: group, column: "total", expected: parts, actual: printed },
      ),
    );
  }
  return findings;
}

/** Money cells may be decimal; 2019's 本年增/减 is signed by design. */
const DECIMAL_COLUMNS = new Set(["fees.amount", "procurement.amount"]);

export function checkProactiveArithmetic(table: ProactiveTable): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const [row, columns] of Object.entries(table.cells)) {
    for (const [column, cell] of Object.entries(columns ?? {})) {
      if (table.format === "2019" && column === "change") continue;
      const rowLabel = PROACTIVE_ROW_LABELS[row as ProactiveRow] ?? row;
      const where = `表二${quote(rowLabel)}${quote(PROACTIVE_COLUMN_LABELS[column] ?? column)}`;
      const decimal = DECIMAL_COLUMNS.has(`${row}.${column}`);
      findings.push(...nonNegative("proactive", where, `${row}.${column}`, cell, decimal, row, column));
    }
  }
  return findings;
}

/** 2019 Table 2 soft relations (SPEC §3.5): warnings, not errors — the column semantics are not fully fixed. */
export function checkProactive2019Soft(table: ProactiveTable): FindingDraft[] {
  if (table.format !== "2019") return [];
  const findings: FindingDraft[] = [];
  const value = (row: string, column: string) => sumValue(table.cells[row]?.[column]);
  for (const row of ["regulations", "normativeDocuments"]) {
    const published = value(row, "newlyPublished");
    const total = value(row, "totalPublished");
    if (published === undefined || total === undefined || published <= total) continue;
    findings.push({
      rule: "table-arithmetic",
      severity: "warning",
      key: `proactive.published-within-total.${row}`,
      message: `表二“${PROACTIVE_ROW_LABELS[row as ProactiveRow]}”：本年新公开数量=${formatNumber(published)}，大于对外公开总数量=${formatNumber(total)}，请核实。`,
      evidence: {
        table: "proactive",
        relation: "published-within-total",
        row,
        expected: `<= ${total}`,
        actual: published,
      },
    });
  }
  for (const row of ["licensing", "otherServices", "punishment", "coercion", "fees"]) {
    const previous = value(row, "previousItems");
    const change = value(row, "change");
    if (previous === undefined || change === undefined || previous + change >= 0) continue;
    findings.push({
      rule: "table-arithmetic",
      severity: "warning",
      key: `proactive.items-non-negative.${row}`,
      message: `表二“${PROACTIVE_ROW_LABELS[row as ProactiveRow]}”：上一年项目数量${formatNumber(previous)}加本年增/减${formatNumber(change)}小于0，请核实。`,
      evidence: {
        table: "proactive",
        relation: "items-non-negative",
        row,
        expected: ">= 0",
        actual: previous + change,
      },
    });
  }
  return findings;
}
