// The numbers of every generated report of a site, chained year to year so the cross-year relations
// (X1 carry-over, X2 in force, 2019 项目数量) hold, then the deliberate defects applied.
import type { DocSpec, SiteSpec } from "./site-spec.ts";
import { tableFormatOf } from "./site-spec.ts";
import {
  applyDefects,
  buildBalancedTables,
  type ExpectedArithmeticFinding,
  REQUEST_ZERO_TABLES,
  type SampleTables,
} from "./table-data.ts";

export interface GeneratedReport {
  tables: SampleTables;
  /** What a correct checker must report for the deliberate defects. */
  defectFindings: ExpectedArithmeticFinding[];
}

const cache = new WeakMap<SiteSpec, Map<DocSpec, GeneratedReport>>();

/** Seeds whose published tables are known (seed 001: every Table 3 cell is 0). */
function seedTables(doc: DocSpec): SampleTables | undefined {
  return doc.seed === "001" ? REQUEST_ZERO_TABLES : undefined;
}

export function siteReports(site: SiteSpec): Map<DocSpec, GeneratedReport> {
  const known = cache.get(site);
  if (known) return known;
  const result = new Map<DocSpec, GeneratedReport>();
  const byYear = new Map<number, SampleTables>();
  const reports = site.docs
    .filter((d) => d.role === "report" && !d.robotsForbidden)
    .sort((a, b) => a.year - b.year);
  const build = (doc: DocSpec, previous: SampleTables | undefined) => {
    const nextSeed = reports.find((d) => d.year === doc.year + 1 && d.seed);
    const next = nextSeed ? seedTables(nextSeed) : undefined;
    const tables = buildBalancedTables(doc.id, {
      ...(next ? { next } : {}),
      format: tableFormatOf(doc),
      canMakeRegulations: site.canMakeRegulations,
      sparse: site.sparse ?? false,
      ...(previous ? { previous } : {}),
    });
    // The balanced numbers carry over to next year; a defect only spoils this year's page.
    const clean = structuredClone(tables);
    const defectFindings = applyDefects(tables, doc.defects ?? []);
    return { report: { tables, defectFindings }, clean };
  };
  for (const doc of reports) {
    const fromSeed = seedTables(doc);
    if (fromSeed) byYear.set(doc.year, fromSeed);
    if (doc.seed) continue;
    const { report, clean } = build(doc, byYear.get(doc.year - 1));
    byYear.set(doc.year, clean);
    result.set(doc, report);
  }
  for (const doc of site.docs.filter((d) => d.role === "report" && d.robotsForbidden && !d.seed)) {
    result.set(doc, build(doc, byYear.get(doc.year - 1)).report);
  }
  cache.set(site, result);
  return result;
}

export function reportOf(site: SiteSpec, doc: DocSpec): GeneratedReport {
  const report = siteReports(site).get(doc);
  if (!report) throw new Error(`no generated tables for ${site.bureauId} ${doc.year}`);
  return report;
}
