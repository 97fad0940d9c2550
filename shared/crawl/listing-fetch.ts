// One listing page, fetched conditionally when what it yielded last time is on record: a 304 reuses
// that analysis (reports, next pages, sub-columns), so an unchanged site costs a 304 per listing and
// still leads to every report. The analysis is kept in the URL's state, written only when it changed.
import type { ListingMemory, UrlState } from "../domain/crawl.ts";
import { decodeBytes } from "../text/decode.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "./client-redirect.ts";
import { clientRenderedList } from "./client-rendered.ts";
import type { CrawlSession } from "./crawl-session.ts";
import { hanwebGroupForm } from "./datastore-records.ts";
import { analyseListing, extractLinks, type ListingAnalysis } from "./discover.ts";
import type { FetchResponse } from "./fetcher.ts";
import { fetchHanwebGroup } from "./hanweb-group-fetch.ts";
import { documentBaseUrl, queryEncodingFor } from "./link-resolve.ts";
import { looksNotFound } from "./not-found-page.ts";
import { type DataSource, scriptDataSources } from "./script-sources.ts";
import { sameValidators } from "./url-validators.ts";

/** The registry inputs a listing's classification depends on: a stored analysis is reused only under them. */
export function listingBasis(session: CrawlSession): string {
  return JSON.stringify([session.bureau.linkPatterns ?? [], [...session.allowedHosts].sort()]);
}

/** A column page, even an empty one, links its site's navigation; fewer links than this is not a column. */
const MIN_LINKS_ON_A_COLUMN = 3;

/** A stored analysis above this many links is not kept (the state item must stay small); 200 next time. */
const MAX_REMEMBERED_LINKS = 1000;

/**
 * One listing page, fetched conditionally when its last analysis is on record: a 304 reuses that
 * analysis, so pagination, sub-columns and every report are still followed. An entry page that only
 * redirects in the page is followed; `url` is the listing the analysis is of. Undefined when it failed.
 */
export async function fetchListing(
  session: CrawlSession,
  url: string,
  basis: string,
  how: {
    /**
     * An entry of the column (a registry listing, or one rediscovered): only there does an error page or
     * an empty page say something about the whole column; a frame or a sub-column may well be empty.
     */
    entry?: boolean;
    /** The listing page that led here: sent as Referer with a column script's request. */
    from?: string;
    /** The column page whose script asks this address for its list (see `scriptDataSources`). */
    drawnBy?: string;
    /** The form that page's script posts to this address (a POST is never conditional). */
    form?: Record<string, string>;
  } = {},
  hops = 0,
): Promise<(ListingAnalysis & { url: string; sha256?: string; dataSources?: DataSource[] }) | undefined> {
  const { bureau, deps } = session;
  const entry = how.entry === true;
  // A POSTed listing's pages share its address: each form's state is its own.
  const stateKey = how.form ? `${url} POST ${new URLSearchParams(how.form)}` : url;
  const previous = await deps.state.getUrlState(stateKey);
  const memory = previous?.listing?.basis === basis ? previous.listing : undefined;
  // A Hanweb column's later records are asked for as its script asks: by POST, from the column page.
  const form = hanwebGroupForm(url);
  let response: FetchResponse;
  let text: string;
  let queryEncoding: string | undefined;
  if (form) {
    const group = await fetchHanwebGroup(session, url, form, how.from);
    if (!group) return undefined;
    ({ response, text } = group);
  } else {
    const page = await session.fetch(url, "listing", {
      ...(how.form ? { form: how.form } : {}),
      ...(memory && previous?.etag ? { etag: previous.etag } : {}),
      ...(memory && previous?.lastModified ? { lastModified: previous.lastModified } : {}),
      // As the column page's script asks it: some APIs answer only requests from their page.
      ...(how.drawnBy ? { referer: how.drawnBy } : {}),
    });
    if (!page) return undefined;
    if (page.notModified && memory) {
      return {
        url,
        reports: memory.reports,
        pages: memory.pages,
        subListings: memory.subListings,
        ...(previous?.sha256 ? { sha256: previous.sha256 } : {}),
      };
    }
    const target = clientRedirectTarget(page.bytes, page.finalUrl, page.refresh, page.contentType);
    if (target !== undefined) {
      await session.clientRedirect(url, target, previous);
      if (hops < MAX_CLIENT_REDIRECTS) return fetchListing(session, target, basis, how, hops + 1);
      session.error(`listing ${url}: more than ${MAX_CLIENT_REDIRECTS} redirects in the page`);
      return undefined;
    }
    response = page;
    const decoded = decodeBytes(page.bytes, page.contentType);
    text = decoded.text;
    queryEncoding = queryEncodingFor(decoded.decision.encoding);
  }
  const found = analyseListing(text, response.finalUrl, {
    ...(bureau.linkPatterns ? { linkPatterns: bureau.linkPatterns } : {}),
    isAllowedHost: session.isAllowedHost,
    ...(queryEncoding ? { queryEncoding } : {}),
    ...(how.drawnBy ? { drawnBy: how.drawnBy } : {}),
    ...(how.form ? { form: how.form } : {}),
  });
  const remembered = found.reports.length + found.pages.length + found.subListings.length;
  // A server that answers 200 with its "page not found" page (a soft 404) for a column that moved.
  if (remembered === 0 && entry && looksNotFound(text)) {
    session.softNotFound(url, "listing");
    return undefined;
  }
  const scripted =
    remembered === 0 && !how.drawnBy
      ? scriptDataSources(text, documentBaseUrl(text, response.finalUrl))
      : { sources: [], built: [] };
  const dataSources = scripted.sources.filter((source) =>
    session.isAllowedHost(new URL(source.url).hostname),
  );
  if (dataSources.length > 0) {
    // Its script fetches the list: what it fetches is read as the listing (crawl-bureau.ts). The page
    // keeps no validators, so every cycle reads it whole and follows its sources again.
    if (previous?.etag || previous?.lastModified || previous?.listing)
      await session.saveUrlState({ url, checkedAt: session.at() });
    return { ...found, url, dataSources, ...(response.sha256 ? { sha256: response.sha256 } : {}) };
  }
  // A page that draws its list in the browser from what the crawler cannot read: not an empty column.
  const template = remembered === 0 && entry ? clientRenderedList(text) : undefined;
  const drawnHow =
    remembered !== 0 || !entry
      ? undefined
      : scripted.built.length > 0
        ? `by script from an address its code builds (${scripted.built.join(", ")}…)`
        : template && `in the browser from ${template}`;
  if (drawnHow) {
    session.error(
      `listing ${url} draws its list ${drawnHow}: name the address its entries come from as the listing; no report is called missing this cycle`,
    );
  } else if (remembered === 0 && entry) {
    const before = previous?.listing?.reports.length ?? 0;
    // Not evidence that reports are missing: a column emptied by a site change looks the same, and so
    // does a page with no links at all (a firewall's script challenge, a blank error page).
    if (before > 0)
      session.error(
        `listing ${url} links no report now (${before} last time): a moved or broken column? No report is called missing this cycle`,
      );
    else if (extractLinks(text, response.finalUrl).length < MIN_LINKS_ON_A_COLUMN)
      session.error(
        `listing ${url} shows almost no links: a challenge, error or blank page? No report is called missing this cycle`,
      );
  }
  // A POST is never conditional, so its analysis is never reused: not kept.
  const listing: ListingMemory | undefined =
    remembered <= MAX_REMEMBERED_LINKS && !how.form
      ? { reports: found.reports, pages: found.pages, subListings: found.subListings, basis }
      : undefined;
  const next: UrlState = {
    url: stateKey,
    checkedAt: session.at(),
    ...(listing && response.etag ? { etag: response.etag } : {}),
    ...(listing && response.lastModified ? { lastModified: response.lastModified } : {}),
    ...(response.sha256 ? { sha256: response.sha256 } : {}),
    ...(listing ? { listing } : {}),
  };
  // Written only when something changed, so an unchanged cycle leaves the store as it was.
  if (!previous || !sameListingState(previous, next)) await session.saveUrlState(next);
  return { ...found, url, ...(response.sha256 ? { sha256: response.sha256 } : {}) };
}

function sameListingState(a: UrlState, b: UrlState): boolean {
  return (
    sameValidators(a, b) &&
    JSON.stringify(a.listing) === JSON.stringify(b.listing) &&
    a.attachments === undefined
  );
}
