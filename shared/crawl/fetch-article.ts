// The continuations of a report page split over several pages (article-pages.ts): each fetched politely
// and conditionally like any page, then the whole put together, or found unchanged as a whole.
import type { UrlState } from "../domain/crawl.ts";
import { type ArticlePage, assembleArticle } from "./article-pages.ts";
import type { CrawlSession } from "./crawl-session.ts";
import type { FetchResponse } from "./fetcher.ts";
import { conditionsOf, sameValidators, validatorsOf } from "./url-validators.ts";

export interface FetchedArticle {
  unchanged: boolean;
  /** The assembled document; absent when unchanged. */
  bytes?: Uint8Array;
  sha256: string;
  /** The continuation pages' validators, to save with the first page's. */
  states: UrlState[];
}

/**
 * Fetches the continuations of the first page `first` (answered `firstResponse`, whose state was
 * `firstPrevious`). Undefined when one could not be fetched (the error is the session's): half an
 * article is not read.
 */
export async function fetchArticle(
  session: CrawlSession,
  first: string,
  firstResponse: FetchResponse,
  firstPrevious: UrlState | undefined,
  continuations: readonly string[],
): Promise<FetchedArticle | undefined> {
  const { state } = session.deps;
  const fetched: { url: string; response: FetchResponse; previous: UrlState | undefined }[] = [];
  let unchanged =
    firstPrevious?.documentSha256 !== undefined &&
    (firstResponse.notModified || firstPrevious.sha256 === firstResponse.sha256) &&
    (firstPrevious.continuations ?? []).join("\n") === continuations.join("\n");
  for (const url of continuations) {
    const previous = await state.getUrlState(url);
    const response = await session.fetch(url, "report", { kind: "page", ...conditionsOf(previous) });
    if (!response) return undefined;
    fetched.push({ url, response, previous });
    unchanged &&= response.notModified || previous?.sha256 === response.sha256;
  }
  // Only what changed is written, so a re-crawl of a quiet site leaves the store as it was.
  const states = fetched
    .map(({ url, response, previous }) => ({
      next: validatorsOf(url, session.at(), response, previous),
      previous,
    }))
    .filter(({ next, previous }) => !sameValidators(previous, next))
    .map(({ next }) => next);
  if (unchanged) return { unchanged, sha256: firstPrevious?.documentSha256 ?? "", states };

  // Something changed: every page's bytes are needed, so a page that answered 304 is asked again whole.
  const whole = async (url: string, response: FetchResponse) =>
    response.notModified ? session.fetch(url, "report", { kind: "page" }) : response;
  const pages: ArticlePage[] = [];
  for (const { url, response } of [{ url: first, response: firstResponse }, ...fetched]) {
    const got = await whole(url, response);
    if (!got) return undefined;
    pages.push({ bytes: got.bytes, ...(got.contentType ? { contentType: got.contentType } : {}) });
  }
  const { bytes, sha256 } = assembleArticle(pages);
  return { unchanged: false, bytes, sha256, states };
}
