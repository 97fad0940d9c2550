// A URL's validators (ETag, Last-Modified, the sha256 of its bytes): what a conditional request sends,
// what is kept after an answer, and whether that changed (an unchanged URL causes no write).
import type { UrlState } from "../domain/crawl.ts";
import type { FetchResponse } from "./fetcher.ts";

/** The conditions of a request for a URL last seen with `previous`. */
export function conditionsOf(previous: UrlState | undefined): { etag?: string; lastModified?: string } {
  return {
    ...(previous?.etag ? { etag: previous.etag } : {}),
    ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
  };
}

/** A URL's validators after an answer (the previous ones kept where the answer had none, as a 304's). */
export function validatorsOf(
  url: string,
  at: string,
  response: FetchResponse,
  previous: UrlState | undefined,
): UrlState {
  const etag = response.etag || previous?.etag;
  const lastModified = response.lastModified || previous?.lastModified;
  const sha256 = response.sha256 || previous?.sha256;
  return {
    url,
    checkedAt: at,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(sha256 ? { sha256 } : {}),
  };
}

export function sameValidators(a: UrlState | undefined, b: UrlState): boolean {
  return a !== undefined && a.etag === b.etag && a.lastModified === b.lastModified && a.sha256 === b.sha256;
}
