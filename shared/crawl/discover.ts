// Finding annual-report links on listing pages (SPEC §5.1–5.4): title patterns, URL path tokens and the
// bureau's own linkPatterns; pagination and sub-columns to follow; attachments on report pages. Pure:
// HTML in, classified links out; bounded work (link count and text lengths are capped).

import { DOCUMENT_EXTENSION_PATTERN, DOCUMENT_EXTENSIONS } from "../domain/document-files.ts";
import {
  canonicalCharset,
  charsetFromContentType,
  sniffBom,
  sniffMetaCharset,
} from "../text/charset-sniff.ts";
import { datastoreRecords, hanwebNextGroup } from "./datastore-records.ts";
import { ATTACHMENT_RE, embeddedResources, viewedDocument } from "./embedded.ts";
import { extractLinks, type PageLink } from "./link-extract.ts";
import { documentBaseUrl } from "./link-resolve.ts";
import { scriptPagination } from "./script-pagination.ts";

export { extractLinks, type PageLink } from "./link-extract.ts";

export interface DiscoveredReport {
  url: string;
  linkText: string;
  yearHint?: number;
  /** The listing page that links it, sent as Referer (not stored with a listing's analysis). */
  from?: string;
}

export interface ListingAnalysis {
  reports: DiscoveredReport[];
  /** Next pages of the same listing (pagination). */
  pages: string[];
  /** Sub-columns (year → category → entries). */
  subListings: string[];
}

const REPORT_TITLE_RE =
  /(?:(?:19|20)\d{2}\s*年度?.{0,40}?(?:政府|政务)?信息公开(?:工作)?(?:年度报告|年报|工作报告))|(?:(?:政府|政务)?信息公开(?:工作)?(?:年度报告|年报).{0,6}?(?:19|20)\d{2})/u;
const DERIVATIVE_RE = /解读|公布情况|通知|编制|报送|工作要点|图解|问答|评估|考核|整改|培训/u;
const PATH_TOKEN_RE =
  /(?:^|[/_.-])(?:zfxxgknb\w*|xxgknb|gknb|ndbg|bmnb|bmxxgknb|zfxxgkgzndbg(?:bm)?|annual_?report|xxgkannualreport\w*)(?=$|[/._?-])/i;
const PAGINATION_TEXT_RE = /^(?:下一?页|后一?页|尾页|末页|next|»|>|>>|\d{1,4})$/iu;
const PAGINATION_URL_RE =
  /(?:index|list|default)_\d{1,5}\.s?html?$|[?&](?:page|pageno|pageindex|p|curpage)=\d{1,5}/i;
const YEAR_TEXT_RE = /((?:19|20)\d{2})\s*年/u;
const YEAR_URL_RES = [
  /mb((?:19|20)\d{2})(?:\/|$)/i,
  /\/((?:19|20)\d{2})n(?:\/|$)/i,
  /zfxxgknb((?:19|20)\d{2})/i,
  /fbtime=((?:19|20)\d{2})/i,
  /\/((?:19|20)\d{2})\//,
];

export function yearFromText(text: string): number | undefined {
  const match = YEAR_TEXT_RE.exec(text.replace(/\s+/g, ""));
  return match?.[1] ? Number(match[1]) : undefined;
}

export function yearFromUrl(url: string): number | undefined {
  for (const re of YEAR_URL_RES) {
    const match = re.exec(url);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

// Column lists cut long titles short ("…2023年政府信息公开工作年度报..."), often with no title attribute
// to give the whole: a year followed by 信息公开 before the cut is enough.
const TRUNCATION_RE = /(?:…+|\.{2,}|．{2,}|。{2,})$/u;
const TRUNCATED_TITLE_RE = /(?:19|20)\d{2}年度?.{0,40}?信息公开/u;

export function isReportTitle(text: string): boolean {
  const compact = text.replace(/\s+/g, "");
  if (DERIVATIVE_RE.test(compact)) return false;
  if (REPORT_TITLE_RE.test(compact)) return true;
  const cut = TRUNCATION_RE.exec(compact);
  return cut !== null && TRUNCATED_TITLE_RE.test(compact.slice(0, cut.index));
}

export function hasReportPathToken(url: string): boolean {
  try {
    const u = new URL(url);
    return PATH_TOKEN_RE.test(`${u.pathname}${u.search}`);
  } catch {
    return false;
  }
}

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

function compilePatterns(sources: readonly string[] | undefined): RegExp[] {
  const out: RegExp[] = [];
  for (const source of sources ?? []) {
    try {
      out.push(new RegExp(source, "u"));
    } catch {
      // The registry schema rejects bad patterns; ignore here rather than fail a crawl.
    }
  }
  return out;
}

/** The listing's directory: its path up to and including the last "/". */
function directoryOf(pathname: string): string {
  return pathname.slice(0, pathname.lastIndexOf("/") + 1);
}

function isPagination(link: PageLink, target: URL, listingUrl: URL, dir: string): boolean {
  if (target.host !== listingUrl.host) return false;
  if (PAGINATION_TEXT_RE.test(link.text)) return true;
  return PAGINATION_URL_RE.test(`${target.pathname}${target.search}`) && target.pathname.startsWith(dir);
}

/** A sub-column below the listing (…/zfxxgknb/2022/, …/bm/): a directory-like URL under the listing's path. */
function isSubListing(target: URL, listingUrl: URL, dir: string): boolean {
  if (target.host !== listingUrl.host || target.search !== "") return false;
  if (!target.pathname.startsWith(dir) || target.pathname === listingUrl.pathname) return false;
  return /\/(?:index\.s?html?)?$/i.test(target.pathname);
}

/**
 * A page-like path: a page extension, a query with a numeric value, or a last segment of word
 * characters with 5+ digits in a row (…/art_1229230631_4650915). Three cheap tests, no backtracking.
 */
export function looksLikeDocumentPath(pathAndQuery: string): boolean {
  if (/\.(?:s?html?|jsp|php|aspx?)$/i.test(pathAndQuery) || /[?&]\w+=\d+/.test(pathAndQuery)) return true;
  const last = pathAndQuery.slice(pathAndQuery.lastIndexOf("/") + 1);
  return pathAndQuery.includes("/") && /^[\w-]*$/.test(last) && /\d{5}/.test(last);
}

/** The next page of a column whose pagination a script draws (script-pagination.ts); only the next. */
function scriptedNextPage(html: string, listingUrl: string): string | undefined {
  const script = scriptPagination(html);
  if (!script) return undefined;
  const next = script.current + 1;
  if (next >= script.total) return undefined;
  return new URL(`${script.stem}_${next}.${script.ext}`, listingUrl).href;
}

/** Classify the links of one listing page. `isAllowedHost` keeps off-site links out. */
export function analyseListing(
  html: string,
  listingUrl: string,
  options: {
    linkPatterns?: readonly string[];
    isAllowedHost: (host: string) => boolean;
    /** The page's encoding for its links' queries (queryEncodingFor). */
    queryEncoding?: string;
  },
): ListingAnalysis {
  const base = new URL(listingUrl);
  const dir = directoryOf(base.pathname);
  const patterns = compilePatterns(options.linkPatterns);
  const reports: DiscoveredReport[] = [];
  const pages: string[] = [];
  const subListings: string[] = [];
  const targets: URL[] = [];
  // Links resolve against the page's <base href>; pagination and sub-columns are judged by its own URL.
  const linkBase = documentBaseUrl(html, listingUrl);
  const links = extractLinks(html, linkBase, targets, options.queryEncoding);
  const records = datastoreRecords(html);
  if (records !== undefined) links.push(...extractLinks(records, linkBase, undefined, options.queryEncoding));
  const parsed = targets.length === links.length;
  for (let index = 0; index < links.length; index++) {
    const link = links[index]!;
    const target = (parsed && targets[index]) || new URL(link.url);
    if (!options.isAllowedHost(target.hostname.toLowerCase())) continue;
    const titled = isReportTitle(link.text);
    const patterned = patterns.some((re) => re.test(link.url));
    const subListing = isSubListing(target, base, dir);
    const pathAndQuery = `${target.pathname}${target.search}`;
    const tokenWithYear =
      PATH_TOKEN_RE.test(pathAndQuery) &&
      !subListing &&
      looksLikeDocumentPath(pathAndQuery) &&
      yearFromText(link.text) !== undefined &&
      !DERIVATIVE_RE.test(link.text);
    if (titled || patterned || tokenWithYear) {
      const yearHint = yearFromText(link.text) ?? yearFromUrl(link.url);
      // A link to a PDF viewer is a link to the PDF it shows.
      const url = (target.search && viewedDocument(target)) || link.url;
      reports.push({ url, linkText: link.text, ...(yearHint ? { yearHint } : {}) });
    } else if (isPagination(link, target, base, dir)) {
      pages.push(link.url);
    } else if (subListing) {
      subListings.push(link.url);
    }
  }
  const scripted = scriptedNextPage(html, linkBase);
  if (scripted && !pages.includes(scripted)) pages.push(scripted);
  const nextGroup = records === undefined ? undefined : hanwebNextGroup(html, listingUrl);
  if (nextGroup && !pages.includes(nextGroup)) pages.push(nextGroup);
  // A column whose list is in a frame: the frame is the listing to read.
  for (const frame of embeddedResources(html, linkBase)) {
    if (frame.kind !== "frame" || pages.includes(frame.url) || subListings.includes(frame.url)) continue;
    if (options.isAllowedHost(new URL(frame.url).hostname.toLowerCase())) subListings.push(frame.url);
  }
  return { reports, pages, subListings };
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
    ...embeddedResources(html, base)
      .filter((e) => e.kind === "document")
      .map((e) => ({ url: e.url, text: "" })),
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

/**
 * One key per report however it is linked: the Big5 gateway (`big5.<host>/gate/big5/<host>/…`), http vs
 * https, a leading `www.`, default ports and index pages all collapse to the same key.
 */
export function canonicalKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  let host = u.hostname.toLowerCase();
  let path = u.pathname;
  const gate = /^\/gate\/big5\/([^/]+)(\/.*)?$/i.exec(path);
  if (gate?.[1]) {
    host = gate[1].toLowerCase().replace(/:\d+$/, "");
    path = gate[2] ?? "/";
  }
  host = host.replace(/^big5\./, "").replace(/^www\./, "");
  path = path.replace(/\/(?:index|default)\.s?html?$/i, "/");
  return `${host}${path}${u.search}`;
}

/** The simplified original behind a Big5-gateway URL (or the URL itself). */
export function simplifiedOriginal(url: string): string {
  // Neither a gateway path nor a big5. host without "big5" in the text: the usual case, no parsing.
  if (!/big5/i.test(url)) return url;
  try {
    const u = new URL(url);
    const gate = /^\/gate\/big5\/([^/]+)(\/.*)?$/i.exec(u.pathname);
    if (gate?.[1]) return `${u.protocol}//${gate[1]}${gate[2] ?? "/"}${u.search}`;
    if (/^big5\./i.test(u.hostname)) {
      u.hostname = u.hostname.slice(5);
      return u.href;
    }
  } catch {
    // fall through
  }
  return url;
}
