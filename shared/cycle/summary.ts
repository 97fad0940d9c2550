// The cycle's summary: the `crawl --json` contract (DESIGN §5) and the human text `npm start` prints.
import type { Severity } from "../domain/finding.ts";
import type { Registry } from "../domain/registry.ts";
import type { CycleResult } from "./run-cycle.ts";

const SEVERITIES: Severity[] = ["error", "warning", "info"];

export function cycleJson(result: CycleResult) {
  const byRule: Record<string, number> = {};
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const status = { ok: 0, partial: 0, unreachable: 0 };
  let reports = 0;
  for (const b of result.bureaus) {
    status[b.status]++;
    reports += b.reports.filter((r) => r.kind === "annual-report").length;
    for (const f of b.findings) {
      byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
      bySeverity[f.severity]++;
    }
  }
  return {
    bureaus: result.bureaus.map((b) => ({
      id: b.id,
      status: b.status,
      reports: b.reports
        .filter((r) => r.kind === "annual-report")
        .map((r) => ({ year: r.year, url: r.url, publishedAt: r.publishedAt ?? null })),
      findings: b.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        year: f.year || null,
        message: f.message,
        evidence: f.evidence,
      })),
      errors: b.errors,
      // report-missing this cycle: judged at all, years still to be confirmed, years left alone, and
      // the report links that were dead (their years judged as not found).
      missing: {
        judged: b.stats.missingJudged,
        pending: b.stats.missingPending,
        unjudged: b.stats.missingUnjudged,
        deadLinks: b.stats.deadLinks,
      },
    })),
    totals: {
      bureaus: result.bureaus.length,
      ...status,
      reports,
      documents: sum(result, "documents"),
      parsed: sum(result, "parsed"),
      unchanged: sum(result, "unchanged"),
      findings: { total: bySeverity.error + bySeverity.warning + bySeverity.info, bySeverity, byRule },
      findingsCreated: sum(result, "findingsCreated"),
      findingsResolved: sum(result, "findingsResolved"),
      alertsQueued: sum(result, "alerts"),
      alertsSent: result.mail.sent,
      missingPending: result.bureaus.reduce((n, b) => n + b.stats.missingPending.length, 0),
    },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}

function sum(
  result: CycleResult,
  key: "documents" | "parsed" | "unchanged" | "findingsCreated" | "findingsResolved" | "alerts",
) {
  return result.bureaus.reduce((n, b) => n + b.stats[key], 0);
}

export function formatSummary(
  result: CycleResult,
  registry: Registry,
  where: { today: string; dataDir: string; outboxDir: string },
): string {
  const json = cycleJson(result);
  const t = json.totals;
  const seconds = ((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000).toFixed(1);
  const lines = [
    `Monitoring cycle judged on ${where.today} (China time): ${t.bureaus} bureaus in ${seconds}s`,
    `  crawled     ${t.ok} ok · ${t.partial} partial · ${t.unreachable} unreachable · ${t.documents} documents (${t.parsed} read, ${t.unchanged} unchanged since last cycle)`,
    `  reports     ${t.reports} annual reports found`,
    `  findings    ${t.findings.total} open — ${SEVERITIES.map((s) => `${s} ${t.findings.bySeverity[s]}`).join(" · ")} (this cycle: ${t.findingsCreated} new, ${t.findingsResolved} resolved)`,
  ];
  for (const [rule, count] of Object.entries(t.findings.byRule).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  ))
    lines.push(`              ${rule.padEnd(26)} ${count}`);
  if (t.missingPending > 0)
    lines.push(
      `  pending     ${t.missingPending} report(s) not found yet: report-missing is raised if still absent next cycle`,
    );
  lines.push(
    `  alerts      ${t.alertsQueued} new alert(s) queued, ${t.alertsSent} e-mail(s) written to ${where.outboxDir}`,
    `  data        ${where.dataDir} (DynamoDB on dynalite, raw snapshots, e-mail outbox)`,
    "",
    "Per bureau:",
  );
  const names = new Map(registry.bureaus.map((b) => [b.id, b.name]));
  for (const b of json.bureaus) {
    // One entry per rule and year: two broken relations of one table are "table-arithmetic 2023 ×2".
    const errorCounts = new Map<string, number>();
    for (const f of b.findings) {
      if (f.severity !== "error") continue;
      const key = `${f.rule}${f.year ? ` ${f.year}` : ""}`;
      errorCounts.set(key, (errorCounts.get(key) ?? 0) + 1);
    }
    const errors = [...errorCounts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key));
    const years = b.reports.map((r) => r.year).join(",") || "none";
    lines.push(
      `  ${b.id.padEnd(16)} ${b.status.padEnd(11)} reports ${years.padEnd(28)} ${errors.length ? `errors: ${errors.join(", ")}` : "no errors"}  ${names.get(b.id) ?? ""}`,
    );
    const notes = [
      ...b.missing.deadLinks.map(
        (d) => `dead link ${d.url} (${d.softNotFound ? 'a "page not found" page' : `HTTP ${d.status}`})`,
      ),
      ...b.errors,
    ];
    for (const note of notes.slice(0, 2)) lines.push(`  ${"".padEnd(16)} ! ${note}`);
  }
  return lines.join("\n");
}
