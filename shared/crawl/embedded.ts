// What a page shows from elsewhere rather than links to: a column's list inside an <iframe>/<frame>,
// and the report itself as a PDF in an <iframe>, <embed> or <object>, often through a PDF viewer
// (…/pdfjs/web/viewer.html?file=/upload/2024/report.pdf). Government sites do both; a reader sees the
// list or the PDF, so the crawler fetches them. Pure, never throws, bounded.
import { DOCUMENT_EXTENSION_PATTERN } from "../domain/document-files.ts";
import { pageBase, resolveUrl } from "./link-resolve.ts";

/** Frames and embeds beyond these are not looked at: a page shows a handful, not hundreds. */
const MAX_EMBEDS = 20;
/** Only this much of a page is searched (a list frame or a report embed sits near the top). */
const MAX_SCAN_CHARS = 1_000_000;

const EMBED_RE =
  /<(iframe|frame|embed|object)\b[^>]*?\s(?:src|data-src|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
/** A file a report can come as (PDF, DOC, DOCX, WPS, OFD), by the end of its path. */
export const ATTACHMENT_RE = new RegExp(`\\.(?:${DOCUMENT_EXTENSION_PATTERN})(?:$|[?#])`, "i");
/** Query parameters PDF viewers take the document from (pdf.js `file`, others `url`, `src`, `path`). */
const VIEWER_PARAMS = ["file", "url", "src", "path"];

export interface Embedded {
  url: string;
  /** frame: a page shown in a frame; document: a file (PDF, DOC…) shown on the page. */
  kind: "frame" | "document";
}

/**
 * The document a viewer URL shows (`viewer.html?file=/a.pdf` → `/a.pdf`, resolved as the viewer
 * resolves it), or undefined when the URL is not a viewer of a document.
 */
export function viewedDocument(url: URL): string | undefined {
  if (url.search === "") return undefined;
  for (const name of VIEWER_PARAMS) {
    const value = url.searchParams.get(name);
    if (!value || !ATTACHMENT_RE.test(value)) continue;
    const inner = resolveUrl(value, url.href);
    if (inner && ATTACHMENT_RE.test(inner.pathname)) return inner.href;
  }
  return undefined;
}

const STAND_IN_ORIGIN = "http://page.invalid";

/**
 * What an embed's address shows: the document a viewer address names, else the address itself. A
 * relative address (a page read without its URL) is read against a stand-in origin and stays relative.
 */
export function shownAddress(address: string): string {
  let shown: string | undefined;
  try {
    shown = viewedDocument(new URL(address, STAND_IN_ORIGIN));
  } catch {
    return address;
  }
  if (shown === undefined) return address;
  return shown.startsWith(`${STAND_IN_ORIGIN}/`) ? shown.slice(STAND_IN_ORIGIN.length) : shown;
}

/** The frames and embedded documents of a page, resolved against its URL, in page order, de-duplicated. */
export function embeddedResources(html: string, pageUrl: string, queryEncoding?: string): Embedded[] {
  const text = html.length > MAX_SCAN_CHARS ? html.slice(0, MAX_SCAN_CHARS) : html;
  // Most pages embed nothing: one search spares the pattern.
  if (!/<(?:i?frame|embed|object)\b/i.test(text)) return [];
  // A source's query goes in the page's encoding, as a link's does (link-resolve.ts).
  const base = pageBase(pageUrl, queryEncoding);
  const out: Embedded[] = [];
  const seen = new Set<string>();
  EMBED_RE.lastIndex = 0;
  for (let match = EMBED_RE.exec(text); match && out.length < MAX_EMBEDS; match = EMBED_RE.exec(text)) {
    const raw = match[2] ?? match[3] ?? match[4] ?? "";
    const url = resolveUrl(raw.replaceAll("&amp;", "&"), base);
    if (!url) continue;
    const document = viewedDocument(url) ?? (ATTACHMENT_RE.test(url.pathname) ? url.href : undefined);
    const found: Embedded | undefined = document
      ? { url: document, kind: "document" }
      : /^i?frame$/i.test(match[1] ?? "")
        ? { url: url.href, kind: "frame" }
        : undefined;
    if (!found || seen.has(found.url) || found.url === pageUrl) continue;
    seen.add(found.url);
    out.push(found);
  }
  return out;
}
