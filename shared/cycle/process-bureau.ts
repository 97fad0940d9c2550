// One bureau through the whole pipeline: crawl → read → check → store findings (+ outbox alerts).
// The same use-case runs in the crawl Lambda (one SQS message per bureau) and in the local cycle.
import { commitUrlStates } from "../crawl/crawl-bureau.ts";
import type { BureauCrawl, CandidateDocument, CrawlStateStore, DeadLink } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import type { ParsedReport, ReadInput } from "../domain/report.ts";
import { type SnapshotStore, snapshotKey as snapshotKeyOf } from "../snapshots/index.ts";
import type { ReportVersion, Repository } from "../store/repository.ts";
import { nextCoverage, openFindings, summarizeReport } from "../store/repository.ts";
import { checkDocument, type ReadDocument } from "./check-document.ts";
import { contentFingerprint } from "./content-fingerprint.ts";
import { keepPreviousSnapshots, storeSnapshots } from "./document-snapshots.ts";
import { judgeMissingYears, type UnreadDocuments } from "./missing-reports.ts";
import { lastSeen, movedFrom, versionShown } from "./previous-version.ts";
import { reportModifiedFinding } from "./report-modified.ts";
import { siteUnreachableFindings } from "./site-health.ts";
import { DOC_SCOPE, docScope, isRetiredScope, resolveSuperseded } from "./superseded-findings.ts";

export interface CycleDeps {
  crawl(bureau: Bureau): Promise<BureauCrawl>;
  read(input: ReadInput): Promise<ParsedReport>;
  repo: Repository;
  snapshots: SnapshotStore;
  /** The day deadlines are judged against, YYYY-MM-DD in China time. */
  today: string;
  /** ISO instant identifying this cycle (also each finding's first/last sighting). */
  cycleAt: string;
  /**
   * Where the crawler's validators (ETag, sha256) go. They are committed only after the bureau's
   * documents are stored, so a failed store never leaves a page marked "unchanged" but unread.
   */
  crawlState: CrawlStateStore;
  /**
   * Aborted when the caller runs out of time: a crawl cut short is not judged (it would look like missing
   * reports), and no write starts after it; processBureau then rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** What processing a crawled bureau needs (the crawl itself already happened). */
export type ProcessDeps = Omit<CycleDeps, "crawl">;

export interface BureauOutcome {
  id: string;
  status: BureauCrawl["status"];
  reports: { year: number; url: string; publishedAt?: string; kind: ParsedReport["kind"] }[];
  findings: Finding[];
  errors: string[];
  stats: {
    documents: number;
    parsed: number;
    unchanged: number;
    findingsCreated: number;
    findingsResolved: number;
    alerts: number;
    missingPending: number[];
    /** Whether report-missing was judged this cycle, and the years left alone (unreadable documents). */
    missingJudged: boolean;
    missingUnjudged: number[];
    /** Report links that answered 404/410 or a "page not found" page: their years count as not found. */
    deadLinks: DeadLink[];
  };
}

export function emptyStats(): BureauOutcome["stats"] {
  return {
    documents: 0,
    parsed: 0,
    unchanged: 0,
    findingsCreated: 0,
    findingsResolved: 0,
    alerts: 0,
    missingPending: [],
    missingJudged: false,
    missingUnjudged: [],
    deadLinks: [],
  };
}

/** Report pages and their attachments, in discovery order. */
function flatten(docs: CandidateDocument[]): CandidateDocument[] {
  return docs.flatMap((doc) => [doc, ...doc.attachments]);
}

export async function processBureau(bureau: Bureau, deps: CycleDeps): Promise<BureauOutcome> {
  deps.signal?.throwIfAborted();
  return processCrawl(bureau, await deps.crawl(bureau), deps);
}

/** Everything after the crawl; the local cycle calls it as each bureau's crawl completes. */
export async function processCrawl(
  bureau: Bureau,
  crawl: BureauCrawl,
  deps: ProcessDeps,
): Promise<BureauOutcome> {
  const stillOn = () => deps.signal?.throwIfAborted();
  stillOn();
  const outcome: BureauOutcome = {
    id: bureau.id,
    status: crawl.status,
    reports: [],
    findings: [],
    errors: [...crawl.errors],
    stats: emptyStats(),
  };
  // ONE read of the bureau's partition (findings, report versions, missing streaks): a scope with nothing
  // open and nothing found needs no sync at all, and the syncs keep `known` current, so an unchanged
  // cycle costs this read and nothing else.
  const state = await deps.repo.loadBureauState(bureau.id);
  const known = state.findings;
  // The registry may have put the bureau under another office since its findings were filed.
  await deps.repo.moveFindings(bureau.id, bureau.supervisor, known);
  const openScopes = new Set(openFindings(known).map((f) => `${f.year}#${f.scope}`));
  // Every document this crawl reached, known before any is processed: a report document's findings may
  // come from a URL the crawl no longer reaches, because that report moved.
  const crawledDocs = flatten(crawl.documents);
  const crawledUrls = new Set(crawledDocs.map((doc) => doc.url));
  const retired = (scope: string) => isRetiredScope(scope, crawledUrls);
  const sync = async (year: number, scope: string, findings: Finding[]) => {
    if (findings.length === 0 && !openScopes.has(`${year}#${scope}`)) return;
    stillOn();
    const result = await deps.repo.syncFindings(
      {
        bureauId: bureau.id,
        officeId: bureau.supervisor,
        year,
        findings,
        seenAt: deps.cycleAt,
        scope,
        ...(scope.startsWith(DOC_SCOPE) ? { adopts: retired } : {}),
      },
      known,
    );
    outcome.stats.findingsCreated += result.created + result.reopened;
    outcome.stats.findingsResolved += result.resolved;
    outcome.stats.alerts += result.alerts;
  };

  // Operational health first: a network failure never becomes a compliance finding.
  await sync(0, "crawl", siteUnreachableFindings(bureau, crawl));

  const stored = state.reports;
  const versions = deps.repo.reportVersionBatch(stored);
  /** Each report's findings, synced once its version is stored (the versions go in one batch). */
  const reportFindings: [year: number, scope: string, findings: Finding[]][] = [];
  const readNow: ReportVersion[] = [];
  /** The year each report document (by its scope) was read as in this cycle. */
  const readYears = new Map<string, number>();
  // Documents that could not be read: their years stay unjudged, and their validators unwritten, so the
  // next cycle fetches and tries them again (and says again why they cannot be read).
  const unread: UnreadDocuments = { years: new Set(), anyYear: false };
  const retryUrls = new Set<string>();
  // Oldest first, so a report's cross-year checks can use last year's version stored moments before.
  const pages = [...crawl.documents].sort((a, b) => (a.yearHint ?? 0) - (b.yearHint ?? 0));
  for (const page of pages) {
    const docs = flatten([page]);
    outcome.stats.documents += docs.length;
    if (docs.every((doc) => doc.unchanged)) {
      outcome.stats.unchanged += docs.length;
      continue;
    }
    const read: ReadDocument = (doc) => readOne(bureau, doc, deps);
    const checked = await checkDocument(page, read, bureau, deps, stored);
    outcome.stats.parsed += checked.parsed;
    if (!checked.report || checked.year === undefined) {
      if (checked.error) {
        outcome.errors.push(checked.error);
        if (page.yearHint === undefined) unread.anyYear = true;
        else unread.years.add(page.yearHint);
        for (const doc of docs) retryUrls.add(doc.url);
      }
      await storeSnapshots(docs, deps);
      continue;
    }
    const { report, year, findings, doc, snapshotKey } = checked;
    const previousSameUrl = lastSeen(stored, doc, year);
    const content = contentFingerprint(report);
    if (previousSameUrl?.summary.content === content) {
      // New bytes, same report (page furniture changed): nothing to store, nothing to alert, and no
      // snapshot of bytes nothing refers to, when the crawler can keep pointing at the stored ones.
      outcome.stats.unchanged += docs.length;
      if (!keepPreviousSnapshots(docs, crawl)) await storeSnapshots(docs, deps);
      readNow.push(previousSameUrl);
      readYears.set(docScope(page.url), year);
      continue;
    }
    await storeSnapshots(docs, deps);
    const previous = previousSameUrl ?? (await movedFrom(stored, year, crawledUrls, deps.crawlState));
    if (
      previous &&
      previous.sha256 !== doc.sha256 &&
      previous.summary.content !== content &&
      report.kind === "annual-report"
    ) {
      findings.push(reportModifiedFinding(bureau, year, previous, report, doc, snapshotKey));
    }
    const version = {
      bureauId: bureau.id,
      year,
      sha256: doc.sha256,
      url: doc.url,
      fetchedAt: doc.fetchedAt,
      ...(report.publishedAt ? { publishedAt: report.publishedAt } : {}),
      snapshotKey,
      summary: summarizeReport(report, content),
    };
    // Keeps `stored` current: a new version joins it, a moved one takes its new URL.
    versions.add(version);
    // Also when the same bytes were stored before under another URL (a report that moved).
    readNow.push({ ...version, firstSeen: doc.fetchedAt });
    readYears.set(docScope(page.url), year);
    reportFindings.push([year, docScope(page.url), findings]);
  }
  stillOn();
  await versions.flush();
  for (const [year, scope, findings] of reportFindings) await sync(year, scope, findings);

  // What this crawl saw: what was read, and for each document not read again (unchanged, or unreadable
  // this time) the stored version of what its URL shows. A document counts only as what it is now: a
  // page whose year was corrected no longer stands for the year it claimed before.
  const seen = new Map<string, ReportVersion>();
  const readUrls = new Set(readNow.map((v) => v.url));
  for (const doc of crawledDocs) {
    if (readUrls.has(doc.url)) continue;
    const shown = versionShown(stored, doc.url, doc.sha256);
    if (shown) seen.set(`${shown.year}#${shown.url}`, shown);
  }
  for (const v of readNow) seen.set(`${v.year}#${v.url}`, v);
  for (const v of seen.values()) {
    outcome.reports.push({
      year: v.year,
      url: v.url,
      kind: v.summary.kind,
      ...(v.publishedAt ? { publishedAt: v.publishedAt } : {}),
    });
  }
  outcome.reports.sort((a, b) => a.year - b.year || a.url.localeCompare(b.url));

  await resolveSuperseded(crawl, crawledUrls, readYears, outcome, known, sync);

  stillOn();
  const missing = await judgeMissingYears(bureau, crawl, outcome.reports, deps, state.missingStreaks, unread);
  outcome.stats.missingPending = missing.pending;
  outcome.stats.missingJudged = missing.judged;
  outcome.stats.missingUnjudged = missing.unjudged;
  outcome.stats.deadLinks = crawl.deadLinks ?? [];
  for (const [year, findings] of missing.byYear) await sync(year, "missing", findings);
  const coverage = nextCoverage(
    state.coverage,
    {
      crawl: crawl.status,
      judged: missing.judged,
      pendingYears: missing.pending,
      unjudgedYears: missing.unjudged,
      errors: outcome.errors,
    },
    deps.cycleAt,
  );
  if (coverage.changed) await deps.repo.putCoverage(bureau.id, coverage.coverage);

  stillOn();
  const pendingUrlStates = crawl.pendingUrlStates?.filter((s) => !retryUrls.has(s.url));
  await commitUrlStates(deps.crawlState, { ...crawl, ...(pendingUrlStates ? { pendingUrlStates } : {}) });
  const open = openFindings(known);
  outcome.findings = open.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    evidence: f.evidence,
    key: f.key,
    year: f.year,
  }));
  return outcome;
}

async function readOne(bureau: Bureau, doc: CandidateDocument, deps: ProcessDeps) {
  if (!doc.bytes) return undefined;
  deps.signal?.throwIfAborted();
  // Stored by the caller once it knows something will refer to them. The key is the bytes' sha256,
  // which the crawler has computed already (or, for unchanged documents, read them back by).
  const snapshotKey = doc.sha256 || snapshotKeyOf(doc.bytes);
  const hosts = [new URL(bureau.site).hostname, ...(bureau.hosts ?? [])];
  const report = await deps.read({
    bytes: doc.bytes,
    url: doc.finalUrl,
    ...(doc.contentType ? { contentType: doc.contentType } : {}),
    agencyType: bureau.agencyType,
    officialHosts: hosts,
    ...(doc.linkText ? { linkText: doc.linkText } : {}),
  });
  return { report, snapshotKey };
}
