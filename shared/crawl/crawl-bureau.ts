// Crawl one bureau: its listing pages (with pagination and sub-columns, bounded), the report pages they
// link, and the attachments of those pages. Never throws: every failure becomes a visit record and an
// error line, and the status says ok / partial / unreachable.
import type { BureauCrawl, CandidateDocument, CrawlStateStore, UrlState } from "../domain/crawl.ts";
import type { Bureau } from "../domain/registry.ts";
import { decodeBytes } from "../text/decode.ts";
import { showsNoText } from "./blank-page.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "./client-redirect.ts";
import { listingsGone, namesBureau, rediscoverColumns } from "./column-rediscovery.ts";
import { type CrawlLog, CrawlSession, STOPPED } from "./crawl-session.ts";
import {
  canonicalKey,
  type DiscoveredReport,
  findAttachments,
  isAttachmentUrl,
  mayLinkAttachments,
  simplifiedOriginal,
} from "./discover.ts";
import type { Fetcher, FetchResponse } from "./fetcher.ts";
import { fetchListing, listingBasis } from "./listing-fetch.ts";
import { HostPacer, type PacingOptions } from "./pacing.ts";
import { RobotsGate } from "./robots.ts";

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

const HTML_TYPE = /html|xml|text\/plain/i;

function looksLikeHtml(response: FetchResponse): boolean {
  if (response.contentType) return HTML_TYPE.test(response.contentType);
  const head = new TextDecoder("latin1").decode(response.bytes.subarray(0, 512)).trimStart();
  return head.startsWith("<");
}

async function fetchDocument(
  session: CrawlSession,
  report: DiscoveredReport,
  kind: "report" | "attachment",
  limits: Required<CrawlLimits>,
  hops = 0,
): Promise<CandidateDocument | undefined> {
  const { state } = session.deps;
  const previous = await state.getUrlState(report.url);
  const isFile = isAttachmentUrl(report.url);
  const response = await session.fetch(report.url, kind, {
    kind: isFile || kind === "attachment" ? "document" : "page",
    ...(previous?.etag ? { etag: previous.etag } : {}),
    ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
  });
  if (!response) return undefined;
  const unchanged =
    response.notModified || (previous?.sha256 !== undefined && previous.sha256 === response.sha256);
  const isPage = !response.notModified && kind === "report" && looksLikeHtml(response);
  const target = isPage ? clientRedirectTarget(response.bytes, response.finalUrl) : undefined;
  if (target !== undefined) {
    // A stub in front of the report: the report is where it leads (found under that URL).
    await session.clientRedirect(report.url, target, previous);
    if (hops < MAX_CLIENT_REDIRECTS)
      return fetchDocument(session, { ...report, url: target }, kind, limits, hops + 1);
    session.error(`${kind} ${report.url}: more than ${MAX_CLIENT_REDIRECTS} redirects in the page`);
    return undefined;
  }
  let attachmentUrls = previous?.attachments ?? [];
  // Decoded at most once, and only if looked at.
  let text: string | undefined;
  const pageText = () => (text ??= decodeBytes(response.bytes, response.contentType).text);
  if (isPage) {
    // Most report pages link no file at all: a look at the raw bytes spares decoding and parsing them.
    attachmentUrls = mayLinkAttachments(response.bytes, response.finalUrl, response.contentType)
      ? findAttachments(pageText(), response.finalUrl, session.isAllowedHost, limits.maxAttachmentsPerReport)
          .map((link) => link.url)
          .filter((url) => url !== report.url)
      : [];
  }
  if (isPage && attachmentUrls.length === 0 && showsNoText(response.bytes.length, pageText)) {
    // Not kept as seen (no validators): the next cycle fetches it whole and looks again.
    session.error(
      `${kind} ${report.url} shows no text (a challenge, error or images-only page?): not judged this cycle`,
    );
    return undefined;
  }
  const sha256 = response.sha256 ?? previous?.sha256 ?? "";
  const next: UrlState = {
    url: report.url,
    checkedAt: session.at(),
    ...(response.etag ? { etag: response.etag } : previous?.etag ? { etag: previous.etag } : {}),
    ...(response.lastModified
      ? { lastModified: response.lastModified }
      : previous?.lastModified
        ? { lastModified: previous.lastModified }
        : {}),
    ...(sha256 ? { sha256 } : {}),
    ...(attachmentUrls.length > 0 ? { attachments: attachmentUrls } : {}),
  };
  const changed =
    !previous ||
    previous.etag !== next.etag ||
    previous.lastModified !== next.lastModified ||
    previous.sha256 !== next.sha256 ||
    (previous.attachments ?? []).join("\n") !== attachmentUrls.join("\n");
  // Unchanged documents cause no writes, so a re-crawl of a quiet site leaves the store as it was.
  if (changed) await session.saveUrlState(next);
  const attachments: CandidateDocument[] = [];
  for (const url of attachmentUrls) {
    const doc = await fetchDocument(
      session,
      { url, linkText: report.linkText, ...(report.yearHint ? { yearHint: report.yearHint } : {}) },
      "attachment",
      limits,
    );
    if (doc) attachments.push(doc);
  }
  return {
    url: report.url,
    finalUrl: response.finalUrl,
    ...(report.linkText ? { linkText: report.linkText } : {}),
    ...(report.yearHint ? { yearHint: report.yearHint } : {}),
    ...(response.contentType ? { contentType: response.contentType } : {}),
    ...(unchanged ? {} : { bytes: response.bytes }),
    sha256,
    ...(previous?.sha256 ? { previousSha256: previous.sha256 } : {}),
    fetchedAt: session.at(),
    unchanged,
    attachments,
  };
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
  const queue: { url: string; depth: number; entry?: boolean; found?: boolean }[] = bureau.listings.map(
    (url) => ({ url, depth: 0, entry: true }),
  );
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
      const found = await fetchListing(session, item.url, basis, item.entry === true);
      if (!found) continue;
      listingsOk++;
      if (found.url !== item.url) seenListings.add(canonicalKey(found.url));
      for (const report of found.reports) {
        if (item.found && !namesBureau(report.linkText, bureau.name)) continue;
        const original = simplifiedOriginal(report.url);
        const url =
          original !== report.url && session.isAllowedHost(new URL(original).hostname)
            ? original
            : report.url;
        const key = canonicalKey(url);
        if (reports.has(key) || seenListings.has(key)) continue;
        reports.set(key, { ...report, url });
      }
      // Identical content under a new URL (a pagination trap, a mirror) is not followed any further.
      if (found.sha256 && seenContent.has(found.sha256)) continue;
      if (found.sha256) seenContent.add(found.sha256);
      const follow = [
        ...found.pages.map((url) => ({ url, depth: item.depth, found: item.found })),
        ...found.subListings.map((url) => ({ url, depth: item.depth + 1, found: item.found })),
      ];
      for (const next of follow) {
        const key = canonicalKey(next.url);
        if (seenListings.has(key) || next.depth > limits.maxListingDepth) continue;
        seenListings.add(key);
        queue.push(next);
      }
    }
  };
  await drain();
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
  return { reports: [...reports.values()], listingsOk };
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
  try {
    const discovered = await discoverReports(session, limits);
    listingsOk = discovered.listingsOk;
    if (discovered.reports.length > limits.maxReports) {
      session.error(
        `${discovered.reports.length} report links; only the first ${limits.maxReports} were fetched`,
      );
    }
    const seenHashes = new Set<string>();
    for (const report of discovered.reports.slice(0, limits.maxReports)) {
      if (deps.signal?.aborted) break;
      const doc = await fetchDocument(session, report, "report", limits);
      if (!doc) continue;
      // A mirror copy under another URL has the same bytes: keep the first.
      if (doc.sha256 && seenHashes.has(doc.sha256)) continue;
      if (doc.sha256) seenHashes.add(doc.sha256);
      documents.push(doc);
    }
  } catch (error) {
    session.error(`crawl aborted: ${(error as Error).message}`);
  }
  if (deps.signal?.aborted) session.error(STOPPED);
  const status = listingsOk === 0 ? "unreachable" : session.errors.length > 0 ? "partial" : "ok";
  return {
    bureauId: bureau.id,
    status,
    documents,
    visited: session.visited,
    errors: session.errors,
    ...(deps.urlStateWrites === "deferred" ? { pendingUrlStates: session.pendingUrlStates } : {}),
  };
}
