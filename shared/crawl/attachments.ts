// Attachments of a report page (PDF, DOC, DOCX, WPS, OFD): which links lead to one, and a look at the raw
// bytes that spares decoding and parsing the many report pages that link none. Pure.
import { DOCUMENT_EXTENSION_PATTERN, DOCUMENT_EXTENSIONS } from "../domain/document-files.ts";
import {
  canonicalCharset,
  charsetFromContentType,
  sniffBom,
  sniffMetaCharset,
} from "../text/charset-sniff.ts";
import { ATTACHMENT_RE, embeddedResources, viewedDocument } from "./embedded.ts";
import { extractLinks, type PageLink } from "./link-extract.ts";
import { documentBaseUrl, pageBase, resolveUrl } from "./link-resolve.ts";
import { scriptDataDocuments } from "./script-data.ts";

export function isAttachmentUrl(url: string): boolean {
  return ATTACHMENT_RE.test(url);
}

// A download endpoint (download.jsp?fileId=…, /common/download?id=…) says what it serves only in its
// link text: "2023年年报.pdf", "附件：年报.docx（256KB）".
const DOCUMENT_FILE_NAME = new RegExp(
  `\\.(?:${DOCUMENT_EXTENSION_PATTERN})\\s*(?:[(（][^()（）]{0,20}[)）])?\\s*$`,
  "i",
);

/** A document extension anywhere in a page URL (a relative "?x" href inherits it). */
const DOCUMENT_IN_URL = new RegExp(`\\.(?:${DOCUMENT_EXTENSION_PATTERN})`, "i");

/** The link's text names a document file (its URL may not). */
export function namesDocumentFile(text: string): boolean {
  return text.length <= 300 && DOCUMENT_FILE_NAME.test(text);
}

// An attachment link needs ".pdf", ".doc", ".wps" or ".ofd" in the page's bytes (URLs drop tabs and newlines),
// unless entities spell it (&#46;, &period;), the charset is not one whose ASCII bytes are ASCII, or the
// page URL itself carries the extension (a relative "?x" href inherits it).
const ASCII_SUPERSETS = new Set(["utf-8", "gb18030", "big5-hkscs", "windows-1252"]);
/** The extensions' first three letters ("docx" starts as "doc"), as three lower-case bytes in one number. */
const EXTENSION_CODES = new Set(
  DOCUMENT_EXTENSIONS.map((ext) => ext.slice(0, 3)).map((ext) =>
    [...ext].reduce((code, ch) => (code << 8) | ch.charCodeAt(0), 0),
  ),
);
const DOT = 0x2e;

function isAsciiSuperset(label: string | undefined): boolean {
  if (label === undefined) return true;
  const charset = canonicalCharset(label);
  return charset !== undefined && ASCII_SUPERSETS.has(charset);
}

/** Whether an extension follows the dot at `at`, case-insensitively, tabs and newlines skipped. */
function extensionAfter(bytes: Uint8Array, at: number): boolean {
  let word = 0;
  let letters = 0;
  for (let i = at + 1; i < bytes.length && letters < 3; i++) {
    const byte = bytes[i]!;
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    // A link's text may run on past a tag ("年报.<span>pdf</span>" reads "年报.pdf").
    if (byte === 0x3c) {
      const close = bytes.indexOf(0x3e, i);
      if (close < 0 || close - i > 500) return false;
      i = close;
      continue;
    }
    word = (word << 8) | (byte | 0x20);
    letters++;
  }
  return letters === 3 && EXTENSION_CODES.has(word);
}

/**
 * False only when the page certainly links no attachment (findAttachments would find none), judged on
 * the raw bytes: most report pages then need no decoding or parsing at all.
 */
export function mayLinkAttachments(bytes: Uint8Array, pageUrl: string, contentType?: string): boolean {
  if (DOCUMENT_IN_URL.test(pageUrl)) return true;
  if (!isAsciiSuperset(charsetFromContentType(contentType)) || !isAsciiSuperset(sniffMetaCharset(bytes)))
    return true;
  const bom = sniffBom(bytes);
  if (bom && bom.encoding !== "utf-8" && bom.encoding !== "gb18030") return true;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buffer.indexOf(0);
  if (nul >= 0 && nul < 4096) return true;
  if (buffer.includes("&#") || buffer.includes("&period")) return true;
  for (let at = buffer.indexOf(DOT); at >= 0; at = buffer.indexOf(DOT, at + 1)) {
    if (extensionAfter(bytes, at)) return true;
  }
  return false;
}

/**
 * Attachments (PDF, DOC, DOCX, WPS) of a report page: linked (a viewer link counts as the file it
 * shows), or shown on the page in an <iframe>, <embed> or <object>.
 */
export function findAttachments(
  html: string,
  pageUrl: string,
  isAllowedHost: (host: string) => boolean,
  limit = 10,
  /** The page's encoding for its links' queries (queryEncodingFor). */
  queryEncoding?: string,
): PageLink[] {
  const seen = new Set<string>();
  const out: PageLink[] = [];
  const base = documentBaseUrl(html, pageUrl);
  const candidates = [
    ...extractLinks(html, base, undefined, queryEncoding).map((link) => {
      const viewed = link.url.includes("?") ? viewedDocument(new URL(link.url)) : undefined;
      return viewed ? { ...link, url: viewed } : link;
    }),
    ...embeddedResources(html, base, queryEncoding)
      .filter((e) => e.kind === "document")
      .map((e) => ({ url: e.url, text: "" })),
    // A list of files the page's script draws from its own data.
    ...scriptDataDocuments(html, limit).flatMap((address) => {
      const url = resolveUrl(address, pageBase(base, queryEncoding));
      return url ? [{ url: url.href, text: "" }] : [];
    }),
  ];
  for (const link of candidates) {
    if ((!isAttachmentUrl(link.url) && !namesDocumentFile(link.text)) || seen.has(link.url)) continue;
    if (!isAllowedHost(new URL(link.url).hostname.toLowerCase())) continue;
    seen.add(link.url);
    out.push(link);
    if (out.length >= limit) break;
  }
  return out;
}
