// The sample-site number generator: balanced for every seed, chained across years, defects exact.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDefects,
  buildBalancedTables,
  type SampleTables,
} from "../../../infra/local/sites/table-data.ts";
import {
  REQUEST_COLUMNS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_GROUPS,
} from "../../../shared/domain/keys.ts";

function violations(tables: SampleTables): string[] {
  const rows = tables.format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const t = tables.requests;
  const out: string[] = [];
  for (const row of rows) {
    const cells = t[row]!;
    if (REQUEST_COLUMNS.slice(0, 6).reduce((s, c) => s + cells[c], 0) !== cells.total)
      out.push(`row-total ${row}`);
    for (const c of REQUEST_COLUMNS) if (cells[c] < 0) out.push(`negative ${row} ${c}`);
  }
  for (const c of REQUEST_COLUMNS) {
    const leaves = rows.slice(2, rows.length - 2).reduce((s, r) => s + t[r]![c], 0);
    if (leaves !== t.total![c]) out.push(`result-total ${c}`);
    if (t.newReceived![c] + t.carriedOver![c] !== t.total![c] + t.carriedForward![c])
      out.push(`balance ${c}`);
  }
  for (const g of REVIEW_GROUPS) {
    const r = tables.review[g];
    if (r.upheld + r.corrected + r.other + r.pending !== r.total) out.push(`review ${g}`);
  }
  return out;
}

const options = fc.record({
  format: fc.constantFrom("2021" as const, "2019" as const),
  canMakeRegulations: fc.boolean(),
  sparse: fc.boolean(),
});

describe("buildBalancedTables", () => {
  it("satisfies every hard relation for any seed, and is deterministic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), options, (seed, opts) => {
        const tables = buildBalancedTables(seed, opts);
        expect(violations(tables)).toEqual([]);
        expect(buildBalancedTables(seed, opts)).toEqual(tables);
      }),
    );
  });

  it("carries last year's 结转下年度 into this year's 上年结转 and keeps 现行有效 consistent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        (a, b, sparse) => {
          const last = buildBalancedTables(a, { format: "2021", canMakeRegulations: true, sparse });
          const next = buildBalancedTables(b, {
            format: "2021",
            canMakeRegulations: true,
            sparse,
            previous: last,
          });
          expect(violations(next)).toEqual([]);
          for (const c of REQUEST_COLUMNS)
            expect(next.requests.carriedOver![c]).toBe(last.requests.carriedForward![c]);
          const before = last.proactive.normativeDocuments!;
          const now = next.proactive.normativeDocuments!;
          expect(now.inForce).toBe(Number(before.inForce) + Number(now.issued) - Number(now.repealed));
        },
      ),
    );
  });

  it("breaks exactly the relations a defect names", () => {
    const tables = buildBalancedTables(7, { format: "2021", canMakeRegulations: false });
    const findings = applyDefects(tables, [
      { kind: "requests-balance", column: "commercial", delta: 2 },
      { kind: "review-total", group: "litigationDirect", delta: -1 },
    ]);
    expect(violations(tables).sort()).toEqual([
      "balance commercial",
      "balance total",
      "review litigationDirect",
    ]);
    expect(findings.map((f) => [f.relation, f.column, f.actual - f.expected])).toEqual([
      ["balance", "commercial", -2],
      ["balance", "total", -2],
      ["row-total", "total", -1],
    ]);
  });
});
