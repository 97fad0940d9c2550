// Client-side redirects: a column's entry page that only says <meta http-equiv="refresh"
// content="0;url=list_1.html">, or a short stub whose script sets location.href. Government CMSs put
// these in front of listings and reports; a browser follows them, so the crawler does too (within the
// same rules as any link: allowed hosts, robots.txt, a bound on hops).
import { decodeBytes } from "../text/decode.ts";
import { type LinkBase, pageBase, queryEncodingFor, resolveUrl } from "./link-resolve.ts";

/** In-page redirects followed from one link, as browsers bound them; HTTP redirects count apart. */
export const MAX_CLIENT_REDIRECTS = 3;
/** The <head> a meta refresh must sit in, as the charset prescan reads it. */
const HEAD_BYTES = 4096;
/** Script redirects are only believed on a page this small: a stub, not a page with its own content. */
const STUB_BYTES = 2048;
/** A longer delay is a timed reload or a "going back home in 30 s" notice, not the page's new address. */
const MAX_REFRESH_SECONDS = 10;

const REFRESH_CONTENT =
  /^\s*\d+(?:\.\d*)?\s*(?:[;,]\s*|\s+)(?:url\s*=\s*)?(?:"([^"]*)"?|'([^']*)'?|([^\s"'][^\s]*))/i;
const ATTRIBUTE = (name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i");
const HTTP_EQUIV = ATTRIBUTE("http-equiv");
const CONTENT = ATTRIBUTE("content");
const SCRIPT_ASSIGNMENT =
  /\b(?:(?:window|self|top|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\s<>]{1,2000})\1|\blocation\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\s<>]{1,2000})\3\s*\)/;
/** A script that decides (mobile detection, a countdown, a confirmation) is not an unconditional move. */
const CONDITIONAL = /\bif\s*\(|\?[^:]{0,200}:|navigator|useragent|settimeout|confirm\s*\(/i;

// Encoded once: Buffer#indexOf would encode a string needle on every call.
const REFRESH_LOWER = Buffer.from("efresh");
const REFRESH_UPPER = Buffer.from("EFRESH");
const LOCATION = Buffer.from("ocation");

function attribute(tag: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * The stretches of `page` from each `open` (lower case, e.g. "<meta") up to `close`, in order, at most
 * `limit` of them: a linear walk with indexOf on one lower-cased copy, no regex over the whole page.
 */
function* stretches(page: string, open: string, close: string, limit: number): Generator<string> {
  const lower = page.toLowerCase();
  let from = 0;
  for (let n = 0; n < limit; n++) {
    const start = lower.indexOf(open, from);
    if (start < 0) return;
    const end = lower.indexOf(close, start);
    yield page.slice(start + open.length, end < 0 ? page.length : end);
    from = end < 0 ? page.length : end + 1;
  }
}

/** Where a refresh ("0; url=…", in a meta tag or an HTTP header) sends the reader within ten seconds. */
function refreshTarget(content: string | undefined): string | undefined {
  const seconds = content === undefined ? Number.NaN : Number.parseFloat(content);
  if (!(seconds <= MAX_REFRESH_SECONDS)) return undefined;
  const match = REFRESH_CONTENT.exec(content ?? "");
  const target = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
  return target || undefined;
}

/** The URL a <meta http-equiv="refresh"> in the first 4 KB sends the reader to within ten seconds. */
function metaRefresh(head: string): string | undefined {
  for (const tag of stretches(head, "<meta", ">", 200)) {
    if (attribute(tag, HTTP_EQUIV)?.trim().toLowerCase() !== "refresh") continue;
    const target = refreshTarget(attribute(tag, CONTENT));
    if (target) return target;
  }
  return undefined;
}

/** The address an unconditional script on a stub page moves to. */
function scriptRedirect(page: string): string | undefined {
  for (const script of stretches(page, "<script", "</script", 20)) {
    if (CONDITIONAL.test(script)) continue;
    const match = SCRIPT_ASSIGNMENT.exec(script);
    const target = match?.[2] ?? match?.[4];
    if (target) return target;
  }
  return undefined;
}

/**
 * Where this HTML page redirects the reader on its own (an HTTP Refresh header, a meta refresh, or a
 * stub's script), as an absolute http(s) URL other than the page itself; undefined when it does not.
 * Reads at most 4 KB.
 */
export function clientRedirectTarget(
  bytes: Uint8Array,
  pageUrl: string,
  refreshHeader?: string,
  /** The answer's Content-Type: its charset names the page's, for an address with Chinese in it. */
  contentType?: string,
): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES));
  const headerTarget = refreshHeader === undefined ? undefined : refreshTarget(refreshHeader);
  const small = bytes.byteLength <= STUB_BYTES;
  const inPage = (text: string) => metaRefresh(text) ?? (small ? scriptRedirect(text) : undefined);
  // Most pages have no refresh at all: byte searches spare decoding their head.
  let target = headerTarget;
  if (
    target === undefined &&
    (head.indexOf(REFRESH_LOWER) >= 0 ||
      head.indexOf(REFRESH_UPPER) >= 0 ||
      (small && head.indexOf(LOCATION) >= 0))
  )
    target = inPage(head.toString("latin1"));
  if (target === undefined) return undefined;
  let base: LinkBase | string = pageUrl;
  if (/[^\x20-\x7e]/.test(target)) {
    // Chinese in the address: read as a browser reads it, the page's head decoded in the page's charset,
    // the path then sent as UTF-8 and the query in that charset. A header's bytes arrive read as UTF-8
    // (exchange.ts) when they are UTF-8; others are left as Latin-1 characters, not guessed at.
    const page = decodeBytes(head, contentType);
    if (target === headerTarget) {
      if (/[\x80-\xff]/.test(target)) return undefined;
    } else {
      target = inPage(page.text);
      if (target === undefined || target.includes("\ufffd")) return undefined;
    }
    base = pageBase(pageUrl, queryEncodingFor(page.decision.encoding));
  }
  const url = resolveUrl(target, base);
  if (!url) return undefined;
  const here = pageUrl.split("#")[0];
  return url.href === here ? undefined : url.href;
}
