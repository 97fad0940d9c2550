// report-modified: a published report whose content changed after it was first seen. Both snapshots stay
// (they are content-addressed), and the evidence names the table cells that changed.
import type { CandidateDocument } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import type { ParsedReport } from "../domain/report.ts";
import { buildFinding } from "../rules/finding-builder.ts";
import { type ReportVersion, summarizeReport } from "../store/repository.ts";

const MAX_CHANGES = 20;

type Values = Record<string, unknown>;

/** Leaf paths (table.row.column → value) of two table summaries that differ. */
function diffTables(before: unknown, after: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_CHANGES) return;
  const isObj = (v: unknown): v is Values => typeof v === "object" && v !== null;
  if (isObj(before) && isObj(after) && !("value" in before) && !("value" in after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      // "cells" is the store's nesting, not something a reader of the evidence needs to see.
      const next = key === "cells" ? path : path ? `${path}.${key}` : key;
      diffTables(before[key], after[key], next, out);
    }
    return;
  }
  const value = (v: unknown) => (isObj(v) && "value" in v ? v.value : v);
  const a = value(before);
  const b = value(after);
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push(`${path}: ${JSON.stringify(a ?? null)} → ${JSON.stringify(b ?? null)}`);
}

export function reportModifiedFinding(
  bureau: Bureau,
  year: number,
  previous: ReportVersion,
  report: ParsedReport,
  doc: CandidateDocument,
  snapshotKey: string,
): Finding {
  const now = summarizeReport(report);
  const changes: string[] = [];
  diffTables(previous.summary.tables, now.tables, "", changes);
  if (previous.summary.publishedAt !== now.publishedAt)
    changes.push(`publishedAt: ${previous.summary.publishedAt ?? "—"} → ${now.publishedAt ?? "—"}`);
  if (previous.summary.title !== now.title)
    changes.push(`title: ${previous.summary.title ?? "—"} → ${now.title ?? "—"}`);
  const detail = changes.length ? `变化包括：${changes.slice(0, 3).join("；")}` : "表格数据未变，正文有改动";
  return buildFinding(
    {
      rule: "report-modified",
      key: `report-modified.${previous.sha256.slice(0, 16)}.${doc.sha256.slice(0, 16)}`,
      message: `${bureau.name}${year}年年度报告在首次发布后被修改（首次发现于${previous.firstSeen.slice(0, 10)}）。${detail}`,
      evidence: {
        url: doc.url,
        previousSnapshot: previous.snapshotKey,
        snapshot: snapshotKey,
        firstSeen: previous.firstSeen,
        changes,
      },
    },
    year,
    {},
  );
}
