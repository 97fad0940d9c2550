// Whether a re-fetched report really changed. Report pages are rendered per visit: a view counter, a
// "today is" line or the CMS's render time make new bytes every cycle while the report stays the same.
// Comparing bytes would raise report-modified (an alert to the supervising office) every day; comparing
// what a reader sees — metadata, tables, the text the reader keeps (page furniture dropped by
// shared/text/boilerplate.ts) — does not.
import { createHash } from "node:crypto";
import type { ParsedReport } from "../domain/report.ts";

export function contentFingerprint(report: ParsedReport): string {
  const seen = {
    kind: report.kind,
    format: report.format,
    title: report.title,
    agency: report.agency,
    year: report.year,
    publishedAt: report.publishedAt,
    sections: Object.keys(report.sections)
      .filter((k) => report.sections[k as keyof ParsedReport["sections"]] !== null)
      .sort(),
    tables: report.tables,
    attachments: report.attachments,
    // The reader leaves page furniture (counters, the clock, buttons) out of the text already.
    text: report.text,
  };
  return createHash("sha256").update(JSON.stringify(seen)).digest("hex");
}
