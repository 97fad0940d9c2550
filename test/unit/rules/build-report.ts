// Hand-built ParsedReports for rule tests: full tables with distinct non-zero numbers that balance.
import {
  PROACTIVE_2019,
  PROACTIVE_2021,
  REQUEST_COLUMNS,
  REQUEST_RESULT_GROUPS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type RequestColumn,
  type RequestRow,
  SECTION_KEYS,
  SECTION_LABELS,
  type SectionKey,
} from "../../../shared/domain/keys.ts";
import type {
  Cell,
  ParsedReport,
  ProactiveTable,
  RequestsTable,
  ReviewTable,
  SectionInfo,
} from "../../../shared/domain/report.ts";

export const num = (value: number): Cell => ({ value, raw: String(value), kind: "number" });
export const na = (): Cell => ({ value: null, raw: "/", kind: "na" });
export const blank = (): Cell => ({ value: null, raw: "", kind: "blank" });

export const APPLICANTS = REQUEST_COLUMNS.filter((c) => c !== "total");

export function leafRows(format: "2021" | "2019"): RequestRow[] {
  return Object.values(REQUEST_RESULT_GROUPS).flatMap((g) => (format === "2019" ? g.rows2019 : g.rows2021));
}

/** Distinct non-zero leaves; every total, R01 and R25 computed so all relations hold. */
export function buildRequests(
  format: "2021" | "2019" = "2021",
  leaf: (row: number, column: number) => number = (row, column) => row + 1 + 30 * column,
): RequestsTable {
  const cells: RequestsTable["cells"] = {};
  const set = (row: RequestRow, column: RequestColumn, value: number) => {
    cells[row] = { ...(cells[row] ?? {}), [column]: num(value) };
  };
  const leaves = leafRows(format);
  APPLICANTS.forEach((column, c) => {
    let total = 0;
    leaves.forEach((row, r) => {
      const value = leaf(r, c);
      total += value;
      set(row, column, value);
    });
    const carriedOver = 11 + 2 * c;
    const carriedForward = 500 + 7 * c;
    set("total", column, total);
    set("carriedOver", column, carriedOver);
    set("carriedForward", column, carriedForward);
    set("newReceived", column, total + carriedForward - carriedOver);
  });
  const rows = format === "2019" ? REQUEST_ROWS_2019 : REQUEST_ROWS_2021;
  for (const row of rows) {
    set(
      row,
      "total",
      APPLICANTS.reduce((sum, column) => sum + (cells[row]?.[column]?.value ?? 0), 0),
    );
  }
  return { format, cells, subtotals: {} };
}

export function buildReview(): ReviewTable {
  const table = {} as ReviewTable;
  REVIEW_GROUPS.forEach((group, g) => {
    const parts = [1, 2, 3, 4].map((p) => 40 * g + 3 * p + 1);
    const row: ReviewTable[typeof group] = {};
    REVIEW_COLUMNS.slice(0, 4).forEach((column, i) => {
      row[column] = num(parts[i] ?? 0);
    });
    row.total = num(parts.reduce((a, b) => a + b, 0));
    table[group] = row;
  });
  return table;
}

export function buildProactive(format: "2021" | "2019" = "2021"): ProactiveTable {
  const layout: Record<string, readonly string[]> = format === "2019" ? PROACTIVE_2019 : PROACTIVE_2021;
  const cells: ProactiveTable["cells"] = {};
  let next = 3;
  for (const [row, columns] of Object.entries(layout)) {
    cells[row] = {};
    for (const column of columns) {
      // A department cannot make 规章: its 规章 row is legitimately zero.
      const row0 = cells[row] ?? {};
      row0[column] = num(row === "regulations" ? 0 : next);
      next += 2;
    }
  }
  return { format, cells };
}

export function section(
  key: SectionKey,
  index: number,
  text = "本部分内容。",
  hasTable = false,
): SectionInfo {
  return { heading: SECTION_LABELS[key], index, text, hasTable, hasImage: false };
}

export function buildReport(
  format: "2021" | "2019" = "2021",
  year = format === "2019" ? 2020 : 2023,
): ParsedReport {
  const requests = buildRequests(format);
  const received = requests.cells.newReceived?.total?.value ?? 0;
  const sections = {} as Record<SectionKey, SectionInfo | null>;
  SECTION_KEYS.forEach((key, index) => {
    const tableSection = key === "proactive" || key === "requests" || key === "review";
    sections[key] = section(
      key,
      index,
      tableSection ? "" : `${SECTION_LABELS[key]}的具体内容。`,
      tableSection,
    );
  });
  return {
    kind: "annual-report",
    format,
    title: `某某市统计局${year}年政府信息公开工作年度报告`,
    agency: "某某市统计局",
    agencyType: "department",
    year,
    yearEvidence: [
      { source: "title", year, text: `${year}年政府信息公开工作年度报告` },
      { source: "period", year, text: `统计期限自${year}年1月1日起至${year}年12月31日止` },
    ],
    publishedAt: `${year + 1}-01-20`,
    publishedAtSource: "page-meta",
    url: "https://tjj.example.gov.cn/zfxxgknb/1.html",
    sections,
    introParts: [
      "总体情况",
      "主动公开政府信息情况",
      "收到和处理政府信息公开申请情况",
      "政府信息公开行政复议、行政诉讼情况",
      "存在的主要问题及改进情况",
      "其他需要报告的事项",
    ],
    tables: { proactive: buildProactive(format), requests, review: buildReview() },
    unknownLabels: [],
    damage: [],
    text: `${year}年，本机关共收到政府信息公开申请${received}件，均已按时答复。`,
  };
}

export function setRequestCell(
  report: ParsedReport,
  row: RequestRow,
  column: RequestColumn,
  cell: Cell,
): void {
  const table = report.tables.requests;
  if (!table) throw new Error("report has no requests table");
  table.cells[row] = { ...(table.cells[row] ?? {}), [column]: cell };
}

export function requestCell(report: ParsedReport, row: RequestRow, column: RequestColumn): number {
  return report.tables.requests?.cells[row]?.[column]?.value ?? Number.NaN;
}
