// The continuations of a report page split over several pages (article-pages.ts): each fetched politely
// and conditionally like any page, then the whole put together, or found unchanged as a whole.
import type { UrlState } from "../domain/crawl.ts";
import { type ArticlePage, assembleArticle } from "./article-pages.ts";
import type { CrawlSession } from "./crawl-session.ts";
import type { FetchResponse } from "./fetcher.ts";
import { conditionsOf, sameValidators, validatorsOf } from "./url-validators.ts";

export interface FetchedArticle {
  /** The pages after the first, as fetched (a flipbook's are found one from the other). */
  continuations: string[];
  unchanged: boolean;
  /** The assembled document; absent when unchanged. */
  bytes?: Uint8Array;
  sha256: string;
  /** The continuation pages' validators, to save with the first page's. */
  states: UrlState[];
}

/**
 * The page after `url` (the `index`-th page, the first being 1, answered `response`), or undefined
 * after the last: for pages that are found one from the other rather than listed by the first.
 */
export type NextPage = (url: string, response: FetchResponse, index: number) => string | undefined;

/**
 * Fetches the continuations of the first page `first` (answered `firstResponse`, whose state was
 * `firstPrevious`): those listed, or those `next` leads to, at most `maxPages` - 1. Undefined when one
 * could not be fetched (the error is the session's): half an article is not read.
 */
export async function fetchArticle(
  session: CrawlSession,
  first: string,
  firstResponse: FetchResponse,
  firstPrevious: UrlState | undefined,
  continuations: readonly string[] | NextPage,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<FetchedArticle | undefined> {
  const { state } = session.deps;
  const fetched: { url: string; response: FetchResponse; previous: UrlState | undefined }[] = [];
  const nextOf: NextPage =
    typeof continuations === "function"
      ? continuations
      : (_url, _response, index) => continuations[index - 1];
  let pagesUnchanged = firstResponse.notModified || firstPrevious?.sha256 === firstResponse.sha256;
  const walked: string[] = [];
  for (
    let url = nextOf(first, firstResponse, 1);
    url !== undefined && walked.length + 1 < maxPages && !walked.includes(url) && url !== first;
    url = nextOf(url, fetched.at(-1)!.response, walked.length + 1)
  ) {
    const previous = await state.getUrlState(url);
    const response = await session.fetch(url, "report", { kind: "page", ...conditionsOf(previous) });
    if (!response) return undefined;
    walked.push(url);
    fetched.push({ url, response, previous });
    pagesUnchanged &&= response.notModified || previous?.sha256 === response.sha256;
  }
  const unchanged =
    firstPrevious?.documentSha256 !== undefined &&
    pagesUnchanged &&
    (firstPrevious.continuations ?? []).join("\n") === walked.join("\n");
  // Only what changed is written, so a re-crawl of a quiet site leaves the store as it was.
  const states = fetched
    .map(({ url, response, previous }) => ({
      next: validatorsOf(url, session.at(), response, previous),
      previous,
    }))
    .filter(({ next, previous }) => !sameValidators(previous, next))
    .map(({ next }) => next);
  if (unchanged)
    return { continuations: walked, unchanged, sha256: firstPrevious?.documentSha256 ?? "", states };

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
  return { continuations: walked, unchanged: false, bytes, sha256, states };
}
