// Parse the three statistics tables from the grids of their sections (SPEC §2.2–2.4, §3.2–3.4).
// A table split over several fragments (page breaks, one block per sub-block) is read as one grid;
// a table printed outside its section (an appendix) is found by its labels.
import type { TableKey } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import type { SectionSplit } from "./sections.ts";
import { parseProactiveTable } from "./tables/proactive.ts";
import { parseRequestsTable } from "./tables/requests.ts";
import { parseReviewTable } from "./tables/review.ts";

const SIGNATURE: Record<TableKey, RegExp> = {
  proactive: /第二十条|本年制发件数|本年新制作数量|处理决定数量|行政事业性收费/,
  requests: /本年新收|上年结转|予以公开|结转下年度/,
  review: /结果维持|尚未审结|复议后起诉|未经复议/,
};

function gridText(grid: string[][]): string {
  return grid
    .map((row) => row.join(""))
    .join("")
    .replace(/\s+/g, "");
}

function concat(grids: string[][][]): string[][] {
  return grids.flat();
}

// most specific first: a Table 3 grid also says 予以公开, a Table 4 grid never says 本年新收
const PRIORITY: TableKey[] = ["review", "requests", "proactive"];

function signatureOf(grid: string[][]): TableKey | undefined {
  const text = gridText(grid);
  return PRIORITY.find((key) => SIGNATURE[key].test(text));
}

/** The grids for one table: its own section's, else unclaimed grids carrying its labels. */
function gridsFor(key: TableKey, split: SectionSplit): string[][][] {
  const own = split.tables[key];
  if (own.length > 0) return own;
  const pool = [
    ...split.looseTables,
    ...split.tables.overview,
    ...split.tables.problems,
    ...split.tables.other,
  ];
  return pool.filter((g) => signatureOf(g) === key);
}

export interface ParsedTables {
  tables: ParsedReport["tables"];
  unknownLabels: ParsedReport["unknownLabels"];
}

export function parseSectionTables(split: SectionSplit): ParsedTables {
  const unknownLabels: ParsedReport["unknownLabels"] = [];
  const note = (table: TableKey, labels: string[]) => {
    for (const label of labels.slice(0, 100)) unknownLabels.push({ table, label });
  };
  const run = <T>(
    key: TableKey,
    parse: (grid: string[][]) => { table: T | null; unknownLabels: string[] },
  ) => {
    const grids = gridsFor(key, split);
    if (grids.length === 0) return null;
    try {
      const result = parse(concat(grids));
      note(key, result.unknownLabels ?? []);
      return result.table ?? null;
    } catch {
      // a parser bug on one odd table must not cost the whole report; the table counts as unreadable
      return null;
    }
  };
  return {
    tables: {
      proactive: run("proactive", parseProactiveTable),
      requests: run("requests", parseRequestsTable),
      review: run("review", parseReviewTable),
    },
    unknownLabels,
  };
}
