// How a link's href, title and text become a PageLink: shared by every way of finding the links.
// Hrefs are resolved as `new URL(href, base)` would, but the usual forms (absolute http(s), "//host",
// "/path", "relative/path") are joined to the page's parsed base by hand and parsed once, instead of
// parsing the base again for every link.

import iconv from "iconv-lite";
import { DOCUMENT_EXTENSION_PATTERN } from "../domain/document-files.ts";

export const MAX_TEXT = 300;

export interface PageLink {
  url: string;
  text: string;
}

const SKIPPED_HREF = /^(?:javascript|mailto|tel|data):/i;
/**
 * Hrefs left to `new URL(href, base)`: characters the parser drops or rewrites (tab, newline,
 * backslash), and any dot segment (".", "..", ".x", "%2e"), since Node's parser normalises those
 * differently in an absolute URL than in a relative one resolved against a base.
 */
const SLOW_PATH = /[\t\n\r\\]|^\.|\/\.|%2e/i;
const ABSOLUTE_HTTP = /^https?:\/\//i;
/** A scheme-like prefix ("x:" before any "/", "?" or "#"): not a plain relative path. */
const SCHEME_LIKE = /^[^/?#]*:/;

const BASE_HREF = /^<base\b[^>]{0,500}?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * The URL the page's links are relative to: its first `<base href>` (CMS templates set one, often to
 * the site root), else the page's own URL. Only http(s) bases count, as for links.
 */
export function documentBaseUrl(html: string, pageUrl: string): string {
  let at = html.indexOf("<base");
  if (at < 0) at = html.indexOf("<BASE");
  if (at < 0) return pageUrl;
  const match = BASE_HREF.exec(html.slice(at, at + 600));
  const href = match?.[1] ?? match?.[2] ?? match?.[3];
  return (href !== undefined && resolveUrl(href, pageUrl)?.href) || pageUrl;
}

/** The page's URL, parsed once for all its links. */
export interface LinkBase {
  href: string;
  /** The page's encoding, when a browser would send its links' queries in it (queryEncodingFor). */
  queryEncoding?: string;
  /** Undefined when the base itself is not a URL (then no link resolves, as with `new URL`). */
  parsed?: { protocol: string; origin: string; directory: string; special: boolean };
}

export function linkBase(href: string, queryEncoding?: string): LinkBase {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { href };
  }
  const encoding = queryEncoding === undefined ? {} : { queryEncoding };
  // Credentials in the base carry over to relative links: those pages keep to `new URL(href, base)`.
  const special =
    (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
  const origin = `${url.protocol}//${url.host}`;
  const directory = `${origin}${url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1)}`;
  return { href: url.href, ...encoding, parsed: { protocol: url.protocol, origin, directory, special } };
}

/**
 * The base a page's links resolve against: the plain URL (the `new URL(href, base)` reference), or, when
 * the page's queries go in its own encoding (queryEncodingFor), a LinkBase that carries it.
 */
export function pageBase(pageUrl: string, queryEncoding: string | undefined): LinkBase | string {
  return queryEncoding ? linkBase(pageUrl, queryEncoding) : pageUrl;
}

const NON_ASCII_RUN = /[\u0080-\uffff]+/g;
/** The URL standard's special-query percent-encode set, beside controls, space and non-ASCII. */
const QUERY_ESCAPED = new Set([0x22, 0x23, 0x27, 0x3c, 0x3e]);

/**
 * The encoding a browser sends a page's link queries in: the page's own, unless that is UTF-8 or UTF-16
 * (whose queries go as UTF-8), per the URL standard's "encoding override". A GBK page's
 * `download.aspx?name=年报.doc` asks for `name=%C4%EA%B1%A8.doc`; asked in UTF-8, such a server answers
 * 404. Paths are UTF-8 whatever the page.
 */
export function queryEncodingFor(pageEncoding: string | undefined): string | undefined {
  if (pageEncoding === undefined || /^(?:utf-?8|utf-?16(?:le|be)?|us-ascii|ascii)$/i.test(pageEncoding))
    return undefined;
  return iconv.encodingExists(pageEncoding) ? pageEncoding : undefined;
}

/** The href with its query's non-ASCII characters percent-encoded in `encoding` (as bytes of it). */
function encodeQuery(href: string, encoding: string): string {
  const q = href.indexOf("?");
  if (q < 0) return href;
  const hash = href.indexOf("#", q);
  const end = hash < 0 ? href.length : hash;
  const query = href.slice(q + 1, end);
  NON_ASCII_RUN.lastIndex = 0;
  if (!NON_ASCII_RUN.test(query)) return href;
  const encoded = query.replace(NON_ASCII_RUN, (run) => {
    let out = "";
    // A multibyte character's ASCII-range trail byte (Big5's "~" in 年) goes as itself, as a browser
    // sends it, unless the query percent-encode set holds it.
    for (const byte of iconv.encode(run, encoding))
      out +=
        byte > 0x20 && byte < 0x7f && !QUERY_ESCAPED.has(byte)
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    return out;
  });
  return `${href.slice(0, q + 1)}${encoded}${href.slice(end)}`;
}

/** The href joined to the base as the URL standard would, for the forms where a string join is exact. */
function joined(href: string, base: NonNullable<LinkBase["parsed"]>): string | undefined {
  if (!base.special || SLOW_PATH.test(href)) return undefined;
  if (ABSOLUTE_HTTP.test(href)) return href;
  const first = href.charCodeAt(0);
  if (first === 47) return href.charCodeAt(1) === 47 ? `${base.protocol}${href}` : `${base.origin}${href}`;
  if (first === 63 || first === 35 || SCHEME_LIKE.test(href)) return undefined;
  return `${base.directory}${href}`;
}

/**
 * Resolves one href as the crawler does; undefined for what is not an http(s) page link. With the
 * base as a string, plainly with `new URL(href, base)` (the reference); with a LinkBase, joined fast.
 */
export function resolveHref(rawHref: string, base: LinkBase | string): string | undefined {
  return resolveUrl(rawHref, base)?.href;
}

/** resolveHref's URL itself (fragment dropped), for callers that go on to read its parts. */
export function resolveUrl(rawHref: string, base: LinkBase | string): URL | undefined {
  const trimmed = rawHref.trim();
  const href =
    typeof base !== "string" && base.queryEncoding ? encodeQuery(trimmed, base.queryEncoding) : trimmed;
  if (href === "" || SKIPPED_HREF.test(href) || href.startsWith("#")) return undefined;
  let url: URL;
  try {
    if (typeof base === "string") url = new URL(href, base);
    else {
      if (!base.parsed) return undefined;
      const whole = joined(href, base.parsed);
      url = whole === undefined ? new URL(href, base.href) : new URL(whole);
    }
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // Only an href with "#" can leave a fragment (setting the hash re-serialises the URL).
  if (href.includes("#")) url.hash = "";
  return url;
}

// CMS lists that open entries with a script: href="javascript:window.open('/art/…html')", or href="#"
// with onclick="openDetail('./202401/t2024….html')". One quoted address in the script is the target;
// two different ones (a choice the script makes) are none.
const SCRIPTED_HREF = /^\s*(?:javascript:|#|$)/i;
const QUOTED_ADDRESS = new RegExp(
  `(["'])((?:https?:)?//[^"'\\s<>]{1,500}|\\.{0,2}/[^"'\\s<>]{1,500}|[\\w.-][\\w./%-]{0,200}\\.(?:s?html?|jsp|php|aspx?|${DOCUMENT_EXTENSION_PATTERN})(?:\\?[^"'\\s<>]{0,300})?)\\1`,
  "g",
);

function scriptedAddress(href: string, onclick: string): string | undefined {
  if (!SCRIPTED_HREF.test(href)) return undefined;
  const inHref = /^\s*javascript:/i.test(href) ? href.trim().slice("javascript:".length) : "";
  let found: string | undefined;
  for (const script of [inHref, onclick]) {
    if (!script.includes("'") && !script.includes('"')) continue;
    for (const match of script.slice(0, 600).matchAll(QUOTED_ADDRESS)) {
      const address = match[2];
      if (found !== undefined && address !== found) return undefined;
      found = address;
    }
  }
  return found;
}

/** The link, or undefined when it leads to no http(s) page; its URL goes to `targets`. */
export function toLink(
  href: string,
  title: string,
  rawText: string,
  base: LinkBase | string,
  targets?: URL[],
  onclick = "",
): PageLink | undefined {
  let url = resolveUrl(href, base);
  if (url === undefined) {
    const address = scriptedAddress(href, onclick);
    if (address !== undefined) url = resolveUrl(address, base);
  }
  if (url === undefined) return undefined;
  targets?.push(url);
  const text = rawText.replace(/\s+/g, " ").trim();
  const best = title.length > text.length ? title.trim() : text;
  return { url: url.href, text: best.slice(0, MAX_TEXT) };
}
