// Reports that move to another URL (sites are reorganised; the listing then links the new address).
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import { type KnownFindings, openFindings } from "../store/bureau-state.ts";
import type { BureauOutcome } from "./process-bureau.ts";

/** Findings from one report document: its own sync resolves them. */
export const DOC_SCOPE = "doc:";
export const docScope = (url: string) => `${DOC_SCOPE}${url}`;

/**
 * A report that moved (the listing now links the year's report under another URL) leaves the findings
 * of its old URL behind: no sync of that URL will ever come again. Those that recur under the new URL
 * have moved there already (syncFindings); the rest are resolved here, once a complete crawl has found
 * that year's report elsewhere. An old URL merely not reached (a partial crawl) resolves nothing.
 */
export async function resolveSuperseded(
  crawl: BureauCrawl,
  crawledUrls: ReadonlySet<string>,
  outcome: BureauOutcome,
  known: KnownFindings,
  sync: (year: number, scope: string, findings: Finding[]) => Promise<void>,
): Promise<void> {
  if (crawl.status !== "ok") return;
  const yearsFound = new Set(outcome.reports.map((r) => r.year));
  const superseded = new Map<string, { year: number; scope: string }>();
  for (const { year, scope } of openFindings(known)) {
    if (!scope.startsWith(DOC_SCOPE) || !yearsFound.has(year)) continue;
    if (!crawledUrls.has(scope.slice(DOC_SCOPE.length))) superseded.set(`${year}#${scope}`, { year, scope });
  }
  for (const { year, scope } of superseded.values()) await sync(year, scope, []);
}
