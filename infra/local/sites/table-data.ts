// Deterministic table numbers for the sample reports: balanced Table 2/3/4 data built from a seed,
// plus the deliberate defects (and the findings each defect must produce) used by the ground truth.
import {
  REQUEST_COLUMNS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type RequestColumn,
  type ReviewColumn,
  type ReviewGroup,
} from "../../../shared/domain/keys.ts";

export type TableFormat = "2021" | "2019";
/** "/" marks a not-applicable cell (规章 of a body that cannot make 规章). */
export type CellValue = number | "/" | string;

export interface SampleTables {
  format: TableFormat;
  /** row key → column key → value (keys of PROACTIVE_2021 / PROACTIVE_2019). */
  proactive: Record<string, Record<string, CellValue>>;
  /** row key (REQUEST_ROWS_2021 / _2019) → column → count. */
  requests: Record<string, Record<RequestColumn, number>>;
  review: Record<ReviewGroup, Record<ReviewColumn, number>>;
}

/** A deliberate arithmetic defect. */
export type TableDefect =
  /** R01 of `column` and of 总计 raised by `delta`: row totals still hold, 一+二 ≠ 三（七）+四 in both columns. */
  | { kind: "requests-balance"; column: Exclude<RequestColumn, "total">; delta: number }
  /** The printed 总计 of one Table 4 group is off by `delta`. */
  | { kind: "review-total"; group: ReviewGroup; delta: number };

export interface ExpectedArithmeticFinding {
  rule: "table-arithmetic";
  table: "requests" | "review";
  relation: "balance" | "row-total";
  row?: string;
  column?: string;
  expected: number;
  actual: number;
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function intBetween(rand: () => number, low: number, high: number): number {
  return low + Math.floor(rand() * (high - low + 1));
}

export interface TableOptions {
  /** The same body's tables for the year before, so cross-year relations (X1, X2) hold. */
  previous?: SampleTables;
  /** Next year's tables when they are fixed (a seed), so this year leads into them. */
  next?: SampleTables;
  format: TableFormat;
  /** Bodies that can make 规章 (设区的市 governments) get numbers there; others "/" or 0. */
  canMakeRegulations: boolean;
  /** How 规章 cells read for bodies that cannot make them. */
  regulationsFiller?: "/" | 0;
  /** Leave most request cells at 0, as small bodies do (default: every cell non-zero). */
  sparse?: boolean;
}

const APPLICANT_COLUMNS = REQUEST_COLUMNS.filter((c) => c !== "total") as Exclude<RequestColumn, "total">[];

function buildRequests(
  rand: () => number,
  format: TableFormat,
  sparse: boolean,
  previous: SampleTables | undefined,
  next: SampleTables | undefined,
): Record<string, Record<RequestColumn, number>> {
  const rows = format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const leaves = rows.slice(2, rows.length - 2);
  const table: Record<string, Record<RequestColumn, number>> = {};
  for (const row of rows) table[row] = Object.fromEntries(REQUEST_COLUMNS.map((c) => [c, 0])) as never;
  APPLICANT_COLUMNS.forEach((column, index) => {
    // Natural persons file most applications; the other columns stay smaller, as in real reports.
    const scale = index === 0 ? 40 : index === 1 ? 12 : 5;
    const quiet = sparse && index > 1;
    let resultTotal = 0;
    for (const leaf of leaves) {
      const value = quiet ? 0 : sparse ? intBetween(rand, 0, 2) : intBetween(rand, 1, scale);
      table[leaf]![column] = value;
      resultTotal += value;
    }
    const small = Math.max(2, Math.floor(scale / 4));
    // X1 (SPEC §2.7): this year's 上年结转 is last year's 结转下年度.
    const carriedOver =
      previous?.requests.carriedForward?.[column] ?? (quiet ? 0 : intBetween(rand, 1, small));
    const carriedForward =
      next?.requests.carriedOver?.[column] ?? (quiet ? 0 : intBetween(rand, sparse ? 0 : 1, small));
    if (resultTotal + carriedForward < carriedOver) {
      table.granted![column] += carriedOver - resultTotal - carriedForward;
      resultTotal = carriedOver - carriedForward;
    }
    table.total![column] = resultTotal;
    table.carriedOver![column] = carriedOver;
    table.carriedForward![column] = carriedForward;
    table.newReceived![column] = resultTotal + carriedForward - carriedOver;
  });
  for (const row of rows) {
    table[row]!.total = APPLICANT_COLUMNS.reduce((sum, c) => sum + table[row]![c], 0);
  }
  return table;
}

function buildReview(rand: () => number, sparse: boolean): Record<ReviewGroup, Record<ReviewColumn, number>> {
  const review = {} as Record<ReviewGroup, Record<ReviewColumn, number>>;
  REVIEW_GROUPS.forEach((group, index) => {
    const high = sparse ? (index === 0 ? 2 : 0) : 9 - index * 2;
    const cells = {
      upheld: intBetween(rand, sparse ? 0 : 1, Math.max(high, sparse ? 0 : 1)),
      corrected: intBetween(rand, sparse ? 0 : 1, Math.max(high, sparse ? 0 : 1)),
      other: intBetween(rand, sparse ? 0 : 1, Math.max(high, sparse ? 0 : 1)),
      pending: intBetween(rand, sparse ? 0 : 1, Math.max(high, sparse ? 0 : 1)),
      total: 0,
    };
    cells.total = cells.upheld + cells.corrected + cells.other + cells.pending;
    review[group] = cells;
  });
  return review;
}

function buildProactive(
  rand: () => number,
  options: TableOptions,
  previous: SampleTables | undefined,
  next: SampleTables | undefined,
): Record<string, Record<string, CellValue>> {
  const filler = options.regulationsFiller ?? "/";
  const sameFormat = previous?.format === options.format ? previous : undefined;
  const counts = (row: string, issuedHigh: number): [number, number, number] => {
    // X2 (SPEC §2.7): 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) when last year is known.
    const before = sameFormat?.proactive[row]?.inForce;
    const base = typeof before === "number" ? before : intBetween(rand, 8, 45);
    const issued = intBetween(rand, 1, issuedHigh);
    const repealed = intBetween(rand, 1, Math.max(1, Math.min(Math.floor(issuedHigh / 2), base + issued)));
    const after = next?.format === options.format ? next.proactive[row] : undefined;
    if (
      typeof after?.inForce === "number" &&
      typeof after.issued === "number" &&
      typeof after.repealed === "number"
    ) {
      return [issued, repealed, after.inForce - after.issued + after.repealed];
    }
    return [issued, repealed, base + issued - repealed];
  };
  if (options.format === "2021") {
    const [rIssued, rRepealed, rInForce] = counts("regulations", 6);
    const [nIssued, nRepealed, nInForce] = counts("normativeDocuments", 15);
    return {
      regulations: options.canMakeRegulations
        ? { issued: rIssued, repealed: rRepealed, inForce: rInForce }
        : { issued: filler, repealed: filler, inForce: filler },
      normativeDocuments: { issued: nIssued, repealed: nRepealed, inForce: nInForce },
      licensing: { decisions: intBetween(rand, 10, 900) },
      punishment: { decisions: intBetween(rand, 2, 120) },
      coercion: { decisions: intBetween(rand, 1, 30) },
      fees: { amount: (intBetween(rand, 105, 9870) / 100).toFixed(2) },
    };
  }
  const made = (high: number) => {
    const newlyMade = intBetween(rand, 2, high);
    const newlyPublished = intBetween(rand, 1, newlyMade);
    return { newlyMade, newlyPublished, totalPublished: newlyPublished + intBetween(rand, 5, 60) };
  };
  const items = (row: string, high: number) => {
    // 上一年项目数量(N+1) = 上一年项目数量(N) + 本年增/减(N) (SPEC §3.5).
    const last = sameFormat?.proactive[row];
    const previousItems =
      typeof last?.previousItems === "number"
        ? last.previousItems + Number(last.change)
        : intBetween(rand, 3, high);
    const change = intBetween(rand, -2, 4) || 1;
    return {
      previousItems,
      change: change > 0 ? `+${change}` : String(change),
      decisions: intBetween(rand, 1, 500),
    };
  };
  const fees = items("fees", 12);
  return {
    regulations: options.canMakeRegulations
      ? made(5)
      : { newlyMade: filler, newlyPublished: filler, totalPublished: filler },
    normativeDocuments: made(12),
    licensing: items("licensing", 40),
    otherServices: items("otherServices", 30),
    punishment: items("punishment", 60),
    coercion: items("coercion", 15),
    fees: { previousItems: fees.previousItems, change: fees.change },
    procurement: { projects: intBetween(rand, 1, 20), amount: `${intBetween(rand, 12, 980) * 100}元` },
  };
}

/** Balanced tables (every §2.5 / §3.5 relation holds) from a fixed seed. */
export function buildBalancedTables(seed: number, options: TableOptions): SampleTables {
  const rand = seededRandom(seed);
  return {
    format: options.format,
    proactive: buildProactive(rand, options, options.previous, options.next),
    requests: buildRequests(rand, options.format, options.sparse ?? false, options.previous, options.next),
    review: buildReview(rand, options.sparse ?? false),
  };
}

/** Seed 001's published numbers that matter next year: Table 3 all zeros, 1 规范性文件 in force. */
export const REQUEST_ZERO_TABLES: SampleTables = {
  format: "2021",
  proactive: {
    regulations: { issued: 0, repealed: 0, inForce: 0 },
    normativeDocuments: { issued: 0, repealed: 0, inForce: 1 },
  },
  requests: Object.fromEntries(
    REQUEST_ROWS_2021.map((row) => [row, Object.fromEntries(REQUEST_COLUMNS.map((c) => [c, 0]))]),
  ) as SampleTables["requests"],
  review: Object.fromEntries(
    REVIEW_GROUPS.map((g) => [g, Object.fromEntries(REVIEW_COLUMNS.map((c) => [c, 0]))]),
  ) as SampleTables["review"],
};

/** Applies the defects in place and returns the findings a correct checker must report for them. */
export function applyDefects(tables: SampleTables, defects: TableDefect[]): ExpectedArithmeticFinding[] {
  const findings: ExpectedArithmeticFinding[] = [];
  for (const defect of defects) {
    if (defect.kind === "requests-balance") {
      const rows = tables.requests;
      rows.newReceived![defect.column] += defect.delta;
      rows.newReceived!.total += defect.delta;
      for (const column of [defect.column, "total"] as const) {
        // Same reading as shared/rules/table-arithmetic.ts: expected = 一+二, actual = 三（七）+四.
        const intake = rows.newReceived![column] + rows.carriedOver![column];
        const outcome = rows.total![column] + rows.carriedForward![column];
        findings.push({
          rule: "table-arithmetic",
          table: "requests",
          relation: "balance",
          column,
          expected: intake,
          actual: outcome,
        });
      }
    } else {
      const cells = tables.review[defect.group];
      const expected = cells.upheld + cells.corrected + cells.other + cells.pending;
      cells.total = expected + defect.delta;
      findings.push({
        rule: "table-arithmetic",
        table: "review",
        relation: "row-total",
        row: defect.group,
        column: "total",
        expected,
        actual: cells.total,
      });
    }
  }
  return findings;
}
