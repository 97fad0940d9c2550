// Crawl one bureau: its listing pages (with pagination and sub-columns, bounded), the report pages they
// link, and the attachments of those pages. Never throws: every failure becomes a visit record and an
// error line, and the status says ok / partial / unreachable.
import type { BureauCrawl, CandidateDocument, CrawlStateStore, DeadLink } from "../domain/crawl.ts";
import type { Bureau } from "../domain/registry.ts";
import { listingsGone, namesBureau, rediscoverColumns } from "./column-rediscovery.ts";
import { type CrawlLog, CrawlSession, STOPPED } from "./crawl-session.ts";
import { canonicalKey, type DiscoveredReport, simplifiedOriginal } from "./discover.ts";
import { fetchDocument } from "./fetch-document.ts";
import type { Fetcher } from "./fetcher.ts";
import { fetchListing, listingBasis } from "./listing-fetch.ts";
import { ownReports } from "./own-reports.ts";
import { HostPacer, type PacingOptions } from "./pacing.ts";
import { RobotsGate } from "./robots.ts";
import type { DataSource } from "./script-sources.ts";

export interface CrawlLimits {
  /** Listing pages fetched per bureau (pagination + sub-columns); default 40. */
  maxListingPages?: number;
  /** Sub-column depth below an entry listing; default 3. */
  maxListingDepth?: number;
  maxReports?: number;
  maxAttachmentsPerReport?: number;
}

export interface CrawlDeps {
  fetcher: Fetcher;
  state: CrawlStateStore;
  log?: CrawlLog;
  now?: () => number;
  /** Shared across bureaus by crawlAll so per-host politeness holds for the whole cycle. */
  pacer?: HostPacer;
  robots?: RobotsGate;
  pacing?: PacingOptions;
  limits?: CrawlLimits;
  /**
   * "immediate" (default) writes ETag/Last-Modified/sha256 as documents are fetched; "deferred" returns
   * them in `pendingUrlStates` for the caller to commit after storing the parsed reports.
   */
  urlStateWrites?: "immediate" | "deferred";
  /**
   * Aborted when the caller runs out of time (the crawl Lambda near its limit): no request starts after
   * it, the one in flight is cut off, and crawlBureau returns what it has, the stop among its errors.
   */
  signal?: AbortSignal;
}

/**
 * Write the validators a deferred crawl returned (after the caller has stored its results). A batching
 * store is called even with none: what it holds back (robots.txt verdicts) goes with this write.
 */
export async function commitUrlStates(state: CrawlStateStore, crawl: BureauCrawl): Promise<void> {
  const pending = crawl.pendingUrlStates ?? [];
  if (state.putUrlStates) await state.putUrlStates(pending);
  else for (const urlState of pending) await state.putUrlState(urlState);
}

/** One key per listing page: its address, and for a POST, the form that asks it. */
function listingKey(listing: { url: string; form?: Record<string, string> }): string {
  const key = canonicalKey(listing.url);
  return listing.form ? `${key} POST ${new URLSearchParams(listing.form)}` : key;
}

async function discoverReports(
  session: CrawlSession,
  limits: Required<CrawlLimits>,
): Promise<{
  reports: DiscoveredReport[];
  listingsOk: number;
}> {
  const { bureau } = session;
  /**
   * `entry`: a registry listing or a rediscovered column (not a page, frame or sub-column of one);
   * `found`: reached by rediscovery (column-rediscovery.ts), where only this bureau's reports count.
   */
  const queue: {
    url: string;
    depth: number;
    entry?: boolean;
    found?: boolean;
    from?: string;
    /** The column page whose script asks this address for its list, and the form it posts there. */
    drawnBy?: string;
    form?: Record<string, string>;
  }[] = bureau.listings.map((url) => ({ url, depth: 0, entry: true }));
  /** Column pages drawn by their scripts: what their sources gave (reports), and what they asked. */
  const drawn = new Map<string, { sources: DataSource[]; reports: number }>();
  const seenListings = new Set<string>(queue.map((q) => canonicalKey(q.url)));
  const reports = new Map<string, DiscoveredReport>();
  const seenContent = new Set<string>();
  const basis = listingBasis(session);
  let pages = 0;
  let listingsOk = 0;
  const drain = async () => {
    while (queue.length > 0) {
      if (session.deps.signal?.aborted) break;
      const item = queue.shift()!;
      if (pages >= limits.maxListingPages) {
        session.error(
          `listing page limit (${limits.maxListingPages}) reached; not following ${queue.length + 1} more`,
        );
        break;
      }
      pages++;
      const found = await fetchListing(session, item.url, basis, {
        entry: item.entry === true,
        ...(item.from ? { from: item.from } : {}),
        ...(item.drawnBy ? { drawnBy: item.drawnBy } : {}),
        ...(item.form ? { form: item.form } : {}),
      });
      if (!found) continue;
      listingsOk++;
      if (found.url !== item.url) seenListings.add(canonicalKey(found.url));
      const reportsBefore = reports.size;
      for (const report of found.reports) {
        if (item.found && !namesBureau(report.linkText, bureau.name)) continue;
        const original = simplifiedOriginal(report.url);
        const url =
          original !== report.url && session.isAllowedHost(new URL(original).hostname)
            ? original
            : report.url;
        const key = canonicalKey(url);
        if (reports.has(key) || seenListings.has(key)) continue;
        reports.set(key, { ...report, url, from: item.drawnBy ?? found.url });
      }
      const fromSources = drawn.get(item.drawnBy ?? "");
      if (fromSources) fromSources.reports += reports.size - reportsBefore;
      // Identical content under a new URL (a pagination trap, a mirror) is not followed any further.
      if (found.sha256 && seenContent.has(found.sha256)) continue;
      if (found.sha256) seenContent.add(found.sha256);
      if (found.dataSources) drawn.set(found.url, { sources: found.dataSources, reports: 0 });
      const follow = [
        ...found.pages.map((url) => ({
          url,
          depth: item.depth,
          found: item.found,
          from: found.url,
          ...(item.drawnBy ? { drawnBy: item.drawnBy } : {}),
        })),
        ...found.subListings.map((url) => ({ url, depth: item.depth + 1, found: item.found })),
        // A POSTed listing's next page: the same address, the form's page number one on.
        ...(found.nextForm
          ? [
              {
                url: found.url,
                form: found.nextForm,
                depth: item.depth,
                found: item.found,
                from: item.from,
                ...(item.drawnBy ? { drawnBy: item.drawnBy } : {}),
              },
            ]
          : []),
        ...(found.dataSources ?? []).map(({ url, form }) => ({
          url,
          ...(form ? { form } : {}),
          depth: item.depth,
          found: item.found,
          from: found.url,
          drawnBy: found.url,
        })),
      ];
      for (const next of follow) {
        const key = listingKey(next);
        if (seenListings.has(key) || next.depth > limits.maxListingDepth) continue;
        seenListings.add(key);
        queue.push(next);
      }
    }
  };
  await drain();
  for (const [page, { sources, reports: given }] of drawn) {
    // Not evidence that reports are missing: the entries may come as ids the script makes addresses of.
    if (given === 0)
      session.error(
        `listing ${page} draws its list by script from ${sources.map((s) => (s.form ? `${s.url} (POST)` : s.url)).join(", ")}, which gave no report links: name the address its entries come from as the listing; no report is called missing this cycle`,
      );
  }
  // Every listing URL gone (404/410): the column moved. Found again from the site's pages, it is read,
  // and the crawl says where it is now (partial, so no report is called missing on a stale registry).
  if (listingsOk === 0 && !session.deps.signal?.aborted && listingsGone(session)) {
    const columns = await rediscoverColumns(session);
    if (columns.length > 0) {
      session.error(
        `listing ${bureau.listings.join(", ")} is gone (404/410 or an error page); the site's pages lead to the annual-report column at ${columns.join(", ")}: update the registry`,
      );
      for (const url of columns) {
        seenListings.add(canonicalKey(url));
        queue.push({ url, depth: 0, entry: true, found: true });
      }
      await drain();
    }
  }
  return { reports: ownReports([...reports.values()], bureau.name), listingsOk };
}

export async function crawlBureau(bureau: Bureau, deps: CrawlDeps): Promise<BureauCrawl> {
  const now = deps.now ?? Date.now;
  const pacer = deps.pacer ?? new HostPacer(deps.state, deps.pacing);
  const robots = deps.robots ?? new RobotsGate({ fetcher: deps.fetcher, state: deps.state, pacer, now });
  const session = new CrawlSession(bureau, {
    fetcher: deps.fetcher,
    state: deps.state,
    pacer,
    robots,
    now,
    urlStateWrites: deps.urlStateWrites ?? "immediate",
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const limits: Required<CrawlLimits> = {
    maxListingPages: 40,
    maxListingDepth: 3,
    maxReports: 200,
    maxAttachmentsPerReport: 10,
    ...deps.limits,
  };
  const documents: CandidateDocument[] = [];
  let listingsOk = 0;
  // Years whose report documents failed, while every failure so far has concerned one known year.
  let unjudged: Set<number> | undefined;
  const deadLinks: DeadLink[] = [];
  try {
    const discovered = await discoverReports(session, limits);
    listingsOk = discovered.listingsOk;
    if (discovered.reports.length > limits.maxReports) {
      session.error(
        `${discovered.reports.length} report links; only the first ${limits.maxReports} were fetched`,
      );
    }
    if (session.errors.length === 0) unjudged = new Set();
    const seenHashes = new Set<string>();
    for (const report of discovered.reports.slice(0, limits.maxReports)) {
      if (deps.signal?.aborted) break;
      const errorsBefore = session.errors.length;
      const deadBefore = session.deadLinks.length;
      const doc = await fetchDocument(session, report, "report", limits);
      const dead = session.deadLinks.slice(deadBefore);
      for (const link of dead) {
        deadLinks.push({
          ...link,
          ...(report.yearHint ? { year: report.yearHint } : {}),
          ...(report.linkText ? { linkText: report.linkText } : {}),
        });
      }
      // A dead link is a definite answer (the report is not there); any failure leaves its year open.
      if (session.errors.length > errorsBefore) {
        if (report.yearHint === undefined) unjudged = undefined;
        else unjudged?.add(report.yearHint);
      }
      if (!doc) continue;
      // A mirror copy under another URL has the same bytes: keep the first.
      if (doc.sha256 && seenHashes.has(doc.sha256)) continue;
      if (doc.sha256) seenHashes.add(doc.sha256);
      documents.push(doc);
    }
  } catch (error) {
    unjudged = undefined;
    session.error(`crawl aborted: ${(error as Error).message}`);
  }
  if (deps.signal?.aborted) {
    unjudged = undefined;
    session.error(STOPPED);
  }
  const status = listingsOk === 0 ? "unreachable" : session.errors.length > 0 ? "partial" : "ok";
  return {
    bureauId: bureau.id,
    status,
    documents,
    visited: session.visited,
    errors: session.errors,
    ...(status === "partial" && unjudged ? { unjudgedYears: [...unjudged].sort((a, b) => a - b) } : {}),
    ...(deadLinks.length > 0 ? { deadLinks } : {}),
    ...(deps.urlStateWrites === "deferred" ? { pendingUrlStates: session.pendingUrlStates } : {}),
  };
}
