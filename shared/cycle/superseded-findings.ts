// Reports that move to another URL (sites are reorganised; the listing then links the new address) or
// change the year they claim (a corrected title).
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import { type KnownFindings, openFindings } from "../store/bureau-state.ts";
import type { BureauOutcome } from "./process-bureau.ts";

/** Findings from one report document: its own sync resolves them. */
export const DOC_SCOPE = "doc:";
export const docScope = (url: string) => `${DOC_SCOPE}${url}`;

/** A report document's scope whose URL this crawl no longer reaches (the report moved, or went). */
export function isRetiredScope(scope: string, crawledUrls: ReadonlySet<string>): boolean {
  return scope.startsWith(DOC_SCOPE) && !crawledUrls.has(scope.slice(DOC_SCOPE.length));
}

/**
 * Findings a report document left behind, which no sync of that document will ever resolve:
 * - a report that moved (the listing now links the year's report under another URL): those that recur
 *   under the new URL have moved there already (syncFindings); the rest are resolved here, once a
 *   complete crawl has found that year's report elsewhere (an old URL merely not reached, in a partial
 *   crawl, resolves nothing);
 * - a document now read as another year (its title corrected): the findings of the year it claimed.
 */
export async function resolveSuperseded(
  crawl: BureauCrawl,
  crawledUrls: ReadonlySet<string>,
  /** The year each document scope was read as in this cycle. */
  readYears: ReadonlyMap<string, number>,
  outcome: BureauOutcome,
  known: KnownFindings,
  sync: (year: number, scope: string, findings: Finding[]) => Promise<void>,
): Promise<void> {
  const yearsFound = new Set(outcome.reports.map((r) => r.year));
  const superseded = new Map<string, { year: number; scope: string }>();
  for (const { year, scope } of openFindings(known)) {
    if (!scope.startsWith(DOC_SCOPE)) continue;
    const readAs = readYears.get(scope);
    const moved = crawl.status === "ok" && yearsFound.has(year) && isRetiredScope(scope, crawledUrls);
    if (moved || (readAs !== undefined && readAs !== year))
      superseded.set(`${year}#${scope}`, { year, scope });
  }
  for (const { year, scope } of superseded.values()) await sync(year, scope, []);
}
