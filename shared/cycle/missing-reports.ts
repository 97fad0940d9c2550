// report-missing (SPEC §2.7 X3): every year whose deadline has passed needs a report on the bureau's site.
// Raised only after two consecutive successful crawls found none; never after a failed or partial crawl,
// except for the years a partial crawl's failures could not concern. A listed report whose link answers
// 404 or 410 is not there for anyone to read: it counts as not found, and the finding names the link.
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import { expectedReportYears } from "../rules/deadline.ts";
import { reportMissingFinding } from "../rules/report-missing.ts";
import type { MissingStreak } from "../store/repository.ts";
import type { BureauOutcome, CycleDeps } from "./process-bureau.ts";

/** Cycles in a row that must find nothing before a report counts as missing. */
export const MISSING_CONFIRMATIONS = 2;
/** Years before the oldest report found are not asked for (sites purge old columns), but at most this many. */
const MAX_LOOKBACK_YEARS = 5;

/** Report documents the crawl found but that could not be read this cycle (a corrupt or encrypted file). */
export interface UnreadDocuments {
  /** The years their listing links named. */
  years: Set<number>;
  /** One named no year: it could be any year's report. */
  anyYear: boolean;
}

export interface MissingJudgement {
  /** Findings to sync per year (empty list = resolve any earlier report-missing of that year). */
  byYear: Map<number, Finding[]>;
  /** Years missing in this cycle but not yet confirmed. */
  pending: number[];
  /** Whether report-missing was judged at all (not after a crawl whose failures could hide any year). */
  judged: boolean;
  /** Years left alone this cycle: their documents could not be fetched or read. */
  unjudged: number[];
}

export async function judgeMissingYears(
  bureau: Bureau,
  crawl: BureauCrawl,
  reports: BureauOutcome["reports"],
  deps: Pick<CycleDeps, "repo" | "today" | "cycleAt">,
  /** The bureau's streaks when the caller has already read them (BureauState), else they are read here. */
  knownStreaks?: Map<number, MissingStreak>,
  unread: UnreadDocuments = { years: new Set(), anyYear: false },
): Promise<MissingJudgement> {
  const judgement: MissingJudgement = { byYear: new Map(), pending: [], judged: false, unjudged: [] };
  // A failure that could concern any year's report leaves every year unjudged; one whose link named its
  // year leaves that year alone, neither raised nor resolved, until its document can be read.
  if (crawl.status === "unreachable" || unread.anyYear) return judgement;
  if (crawl.status === "partial" && !crawl.unjudgedYears) return judgement;
  const unjudged = new Set([...(crawl.unjudgedYears ?? []), ...unread.years]);
  judgement.judged = true;
  const found = new Set(reports.filter((r) => r.kind === "annual-report").map((r) => r.year));
  const due = expectedReportYears(deps.today, bureau.agencyType, bureau.deadlineOverride, 2008);
  const latestDue = due.at(-1);
  if (latestDue === undefined) return judgement;
  const oldestFound = Math.min(...found, ...unjudged, latestDue);
  const firstAsked = Math.max(oldestFound, latestDue - MAX_LOOKBACK_YEARS + 1);

  const streaks = knownStreaks ?? (await deps.repo.getMissingStreaks(bureau.id));
  for (const year of due.filter((y) => y >= firstAsked)) {
    const streak = streaks.get(year);
    if (!found.has(year) && unjudged.has(year)) {
      judgement.unjudged.push(year);
      continue;
    }
    if (found.has(year)) {
      if (streak) await deps.repo.clearMissingStreak(bureau.id, year);
      judgement.byYear.set(year, []);
      continue;
    }
    let count = streak?.count ?? 0;
    if (!streak || (streak.lastCycle !== deps.cycleAt && count < MISSING_CONFIRMATIONS)) {
      count += 1;
      await deps.repo.putMissingStreak(bureau.id, year, { count, lastCycle: deps.cycleAt });
    }
    if (count >= MISSING_CONFIRMATIONS) {
      const listings = crawl.visited.filter((v) => v.kind === "listing").map((v) => v.url);
      // A dead link that named no year could have been this year's report.
      const deadLinks = (crawl.deadLinks ?? []).filter((d) => d.year === undefined || d.year === year);
      judgement.byYear.set(year, [
        reportMissingFinding(bureau, year, {
          searched: [...new Set(listings)],
          ...(deadLinks.length > 0 ? { deadLinks } : {}),
        }),
      ]);
    } else {
      judgement.pending.push(year);
    }
  }
  return judgement;
}
