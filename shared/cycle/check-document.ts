// A report page and its attachments become one checked report: the page when it carries the report
// itself, otherwise the attachment that does (with the page's official publication date).
import type { CandidateDocument } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import type { ParsedReport } from "../domain/report.ts";
import { runChecks } from "../rules/run-checks.ts";
import type { ReportVersion } from "../store/repository.ts";
import type { ProcessDeps } from "./process-bureau.ts";

export type ReadDocument = (
  doc: CandidateDocument,
) => Promise<{ report: ParsedReport; snapshotKey: string } | undefined>;

export interface CheckedDocument {
  report?: ParsedReport;
  year?: number;
  findings: Finding[];
  /** The document the report was read from (the page or one of its attachments). */
  doc: CandidateDocument;
  snapshotKey: string;
  parsed: number;
  error?: string;
}

/** How much of a report a reading holds: kind first, then sections, then tables. */
function substance(report: ParsedReport): number {
  const sections = Object.values(report.sections).filter(Boolean).length;
  const tables = Object.values(report.tables).filter(Boolean).length;
  return (report.kind === "annual-report" ? 100 : 0) + sections * 3 + tables * 2;
}

/** Unchanged documents carry no bytes; their snapshot (content-addressed by the same sha256) does. */
async function withBytes(doc: CandidateDocument, deps: ProcessDeps): Promise<CandidateDocument> {
  if (doc.bytes || !doc.sha256) return doc;
  const snap = await deps.snapshots.get(doc.sha256).catch(() => undefined);
  return snap ? { ...doc, bytes: snap.bytes, contentType: doc.contentType ?? snap.contentType } : doc;
}

/** Enough of last year's stored report for the cross-year relations (they compare tables only). */
export function previousFromVersion(v: ReportVersion): ParsedReport {
  return {
    kind: v.summary.kind,
    format: v.summary.format,
    year: v.year,
    yearEvidence: [],
    sections: { overview: null, proactive: null, requests: null, review: null, problems: null, other: null },
    tables: v.summary.tables,
    unknownLabels: [],
    damage: [],
    text: "",
  };
}

export async function checkDocument(
  page: CandidateDocument,
  read: ReadDocument,
  bureau: Bureau,
  deps: ProcessDeps,
  stored: ReportVersion[],
): Promise<CheckedDocument> {
  const readings: { doc: CandidateDocument; report: ParsedReport; snapshotKey: string }[] = [];
  const errors: string[] = [];
  for (const candidate of [page, ...page.attachments]) {
    const doc = await withBytes(candidate, deps);
    try {
      const result = await read(doc);
      if (result) readings.push({ doc, ...result });
    } catch (error) {
      errors.push(`${doc.url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const pageReading = readings.find((r) => r.doc === page || r.doc.url === page.url);
  const best = [...readings].sort((a, b) => substance(b.report) - substance(a.report))[0];
  if (!best)
    return { findings: [], doc: page, snapshotKey: "", parsed: 0, error: errors.join("; ") || undefined };

  let report = best.report;
  if (pageReading && best !== pageReading) {
    // The page is the publication record: its metadata dates the attachment it links.
    const p = pageReading.report;
    report = {
      ...report,
      title: report.title ?? p.title,
      agency: report.agency ?? p.agency,
      ...(p.publishedAt && (!report.publishedAt || report.publishedAtSource !== "page-meta")
        ? { publishedAt: p.publishedAt, publishedAtSource: p.publishedAtSource }
        : {}),
    };
  }
  const year = report.year ?? page.yearHint;
  if (year === undefined)
    return { findings: [], doc: best.doc, snapshotKey: best.snapshotKey, parsed: readings.length };

  const previousVersion = stored
    .filter((v) => v.year === year - 1 && v.summary.kind === "annual-report")
    .at(-1);
  const findings = runChecks(report, {
    agencyType: bureau.agencyType,
    ...(bureau.deadlineOverride ? { deadlineOverride: bureau.deadlineOverride } : {}),
    ...(previousVersion ? { previous: previousFromVersion(previousVersion) } : {}),
    url: best.doc.url,
    snapshot: best.snapshotKey,
    today: deps.today,
    regionCode: bureau.regionCode,
  });
  return {
    report: { ...report, year },
    year,
    findings,
    doc: best.doc,
    snapshotKey: best.snapshotKey,
    parsed: readings.length,
  };
}
