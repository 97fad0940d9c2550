// Whether a re-fetched report really changed. Report pages are rendered per visit: a view counter, a
// "today is" line or the CMS's render time make new bytes every cycle while the report stays the same.
// Comparing bytes would raise report-modified (an alert to the supervising office) every day; comparing
// what a reader sees — metadata, tables, text without that furniture — does not.
import { createHash } from "node:crypto";
import type { ParsedReport } from "../domain/report.ts";

/** Lines of page furniture that change from one visit to the next without the report changing. */
const VOLATILE_LINE =
  /^[【[]?(?:(?:今天|今日|现在|当前)(?:是|时间|日期)|(?:浏览|点击|阅读|访问|被阅览)(?:次数|数|量))/;

function stableText(text: string): string {
  return text
    .split("\n")
    .filter((line) => !VOLATILE_LINE.test(line.trim()))
    .join("\n");
}

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
    text: stableText(report.text),
  };
  return createHash("sha256").update(JSON.stringify(seen)).digest("hex");
}
