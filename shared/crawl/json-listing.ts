// A column whose page a script draws from a JSON API (…/api/…/list?channelId=…, or JSONP): the page
// itself links nothing, so the registry names the API as the listing, or the crawl finds it from the
// page's script (script-sources.ts). Its entries (json-entries.ts) become the column's links. An address
// relative to the column page the script runs in is taken only when the crawl came from that page: a
// registry's API does not name it, and resolved against the API's own address it would lead to a 404
// and a false dead link. Pure, bounded, never throws.
import { type AddressPolicy, entryLinks } from "./json-entries.ts";

const MAX_JSON_CHARS = 5_000_000;
/** `callback({...});` around the JSON. */
const JSONP = /^\s*[\w$.]{1,100}\s*\(([\s\S]*)\)\s*;?\s*$/;

function parse(text: string): unknown {
  const start = firstCharacter(text);
  if (start !== "{" && start !== "[") {
    const wrapped = JSONP.exec(text);
    if (!wrapped) return undefined;
    return parse(wrapped[1]!);
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first character that is not white space (without copying the text, as trimStart would). */
function firstCharacter(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return text[i];
  }
  return undefined;
}

// The API's own pagination: a page-number parameter in the listing's address, and in the answer a flag
// (more follow, or this is the last) or a total (of entries or of pages), under the names CMSs give them.
const PAGE_PARAM = /^(?:page|pageNo|pageNum|pageIndex|pageNumber|currentPage|curPage|current|p)$/i;
const SIZE_PARAM = /^(?:pageSize|size|rows|limit|perPage|pageCount|num)$/i;
const TOTAL_KEY =
  /^(?:total|totalCount|totalRecords?|totalElements|totalNum|totalSize|recordCount|rowCount|count)$/i;
const PAGES_KEY = /^(?:pages|totalPages?|pageTotal|totalPageNum|totalPageCount)$/i;

/** A flag that there is a next page (`hasNext`, `hasMore`) or that this is the last (`isLastPage`, `last`). */
const HAS_NEXT_KEY = /^(?:hasNext|hasNextPage|hasMore|more)$/i;
const IS_LAST_KEY = /^(?:last|isLast|lastPage|isLastPage)$/i;

/** The first value under a key `key` matches that `read` accepts, nearest the root first (three levels down at most). */
function valueUnder<T>(root: unknown, key: RegExp, read: (value: unknown) => T | undefined): T | undefined {
  let level: unknown[] = [root];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const value of level) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        const found = key.test(name) ? read(child) : undefined;
        if (found !== undefined) return found;
        if (child !== null && typeof child === "object" && !Array.isArray(child)) next.push(child);
      }
    }
    level = next;
  }
  return undefined;
}

const count = (value: unknown): number | undefined => {
  const n = typeof value === "string" && /^\d{1,7}$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
};
const flag = (value: unknown): boolean | undefined =>
  typeof value === "boolean" ? value : value === "true" ? true : value === "false" ? false : undefined;

/**
 * The next page's parameters (a copy of `params`, its page number one on), when the answer says there are
 * more entries than seen so far.
 */
function nextParams(root: unknown, params: URLSearchParams, entries: number): URLSearchParams | undefined {
  const param = [...params.keys()].find((name) => PAGE_PARAM.test(name));
  const page = param === undefined ? Number.NaN : Number(params.get(param));
  if (param === undefined || !Number.isInteger(page) || page < 0 || entries === 0) return undefined;
  const sizeParam = [...params.keys()].find((name) => SIZE_PARAM.test(name));
  const askedSize = sizeParam === undefined ? Number.NaN : Number(params.get(sizeParam));
  const size = askedSize > 0 ? askedSize : entries;
  const hasNext = valueUnder(root, HAS_NEXT_KEY, flag);
  const isLast = valueUnder(root, IS_LAST_KEY, flag);
  const pages = valueUnder(root, PAGES_KEY, count);
  const total = valueUnder(root, TOTAL_KEY, count);
  // Pages count from 1 or (a page 0 says so) from 0; at worst one page too many is asked, and it is empty.
  const pagesSeen = page >= 1 ? page : page + 1;
  const more =
    hasNext ??
    (isLast !== undefined
      ? !isLast
      : pages !== undefined
        ? pagesSeen < pages
        : total !== undefined
          ? pagesSeen * size < total
          : // Nothing said: a page as full as asked for may have a next one (an empty one ends it).
            askedSize > 0 && entries >= askedSize);
  if (!more) return undefined;
  const next = new URLSearchParams(params);
  next.set(param, String(page + 1));
  return next;
}

/** The address of the API's next page: its query's page number one on. */
function nextPage(root: unknown, listingUrl: string, entries: number): string | undefined {
  let url: URL;
  try {
    url = new URL(listingUrl);
  } catch {
    return undefined;
  }
  const next = nextParams(root, url.searchParams, entries);
  if (!next) return undefined;
  url.search = next.toString();
  return url.href;
}

export interface JsonListing {
  /** The entries as HTML links, one per line. */
  links: string;
  /** The API's next page, when it says it has more. */
  next?: string;
  /** For a listing asked by POST: the form of its next page (its page number one on), when it has more. */
  nextForm?: Record<string, string>;
}

/**
 * The entries of a JSON (or JSONP) listing, or undefined when `text` is not JSON or holds no entry.
 * Entries are objects anywhere in it with a title and an address; relative addresses only with the
 * "relative" policy, when the column page whose script asks the API is known (they are relative to it).
 */
export function jsonListing(
  text: string,
  listingUrl: string,
  policy: AddressPolicy = "rooted",
  /** The form it was asked with (a POST): its page number is there, not in the address. */
  form?: Readonly<Record<string, string>>,
): JsonListing | undefined {
  const first = firstCharacter(text);
  // An HTML page starts with "<": passed over at once.
  if (first === undefined || first === "<" || text.length > MAX_JSON_CHARS) return undefined;
  const root = parse(text);
  if (root === undefined || typeof root !== "object") return undefined;
  const links = entryLinks(root, policy);
  if (links.length === 0) return undefined;
  if (form) {
    const nextForm = nextParams(root, new URLSearchParams(form), links.length);
    return { links: links.join("\n"), ...(nextForm ? { nextForm: Object.fromEntries(nextForm) } : {}) };
  }
  const next = nextPage(root, listingUrl, links.length);
  return { links: links.join("\n"), ...(next ? { next } : {}) };
}
