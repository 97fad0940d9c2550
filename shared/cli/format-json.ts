// The `check --json` object of DESIGN §5 (a contract: keys of SPEC §7b, tables as plain values or null).
import type { Finding } from "../domain/finding.ts";
import { SECTION_KEYS, type SectionKey } from "../domain/keys.ts";
import type { Cell, ParsedReport } from "../domain/report.ts";

type PlainTable = Record<string, Record<string, number | null>>;

export interface CheckJson {
  document: {
    kind: ParsedReport["kind"];
    year: number | null;
    format: ParsedReport["format"];
    title: string | null;
    agency: string | null;
    agencyType: string | null;
    publishedAt: string | null;
    encoding: string | null;
  };
  sections: Record<SectionKey, boolean>;
  tables: { proactive: PlainTable | null; requests: PlainTable | null; review: PlainTable | null };
  findings: { rule: string; severity: string; message: string; evidence: Finding["evidence"] }[];
}

export interface DocumentOverrides {
  agencyType?: string;
  publishedAt?: string;
}

function plain(cells: Partial<Record<string, Partial<Record<string, Cell>>>>): PlainTable {
  const table: PlainTable = {};
  for (const [row, columns] of Object.entries(cells)) {
    const values: Record<string, number | null> = {};
    for (const [column, cell] of Object.entries(columns ?? {})) values[column] = cell?.value ?? null;
    table[row] = values;
  }
  return table;
}

export function buildCheckJson(
  report: ParsedReport,
  findings: Finding[],
  overrides: DocumentOverrides = {},
): CheckJson {
  const sections = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, report.sections[key] !== null]),
  ) as Record<SectionKey, boolean>;
  const { proactive, requests, review } = report.tables;
  return {
    document: {
      kind: report.kind,
      year: report.year ?? null,
      format: report.format,
      title: report.title ?? null,
      agency: report.agency ?? null,
      agencyType: overrides.agencyType ?? report.agencyType ?? null,
      publishedAt: overrides.publishedAt ?? report.publishedAt ?? null,
      encoding: report.decode?.encoding ?? null,
    },
    sections,
    tables: {
      proactive: proactive ? plain(proactive.cells) : null,
      requests: requests ? plain(requests.cells) : null,
      review: review ? plain(review) : null,
    },
    findings: findings.map(({ rule, severity, message, evidence }) => ({
      rule,
      severity,
      message,
      evidence,
    })),
  };
}
