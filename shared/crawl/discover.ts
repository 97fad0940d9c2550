// Finding annual-report links on listing pages (SPEC §5.1–5.4): title patterns, URL path tokens and the
// bureau's own linkPatterns; pagination and sub-columns to follow (a report page's attachments:
// attachments.ts). Pure: HTML in, classified links out; bounded work (link count and text lengths capped).

import { withArabicYears } from "../text/years.ts";
import { datastoreRecords, hanwebNextGroup } from "./datastore-records.ts";
import { embeddedResources, viewedDocument } from "./embedded.ts";
import { jsonListing } from "./json-listing.ts";
import { extractLinks, type PageLink } from "./link-extract.ts";
import { documentBaseUrl } from "./link-resolve.ts";
import { scriptDataLinks, scriptFileLinks } from "./script-data.ts";
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
  /** For a listing asked by POST: the form that asks its next page, when it says it has more. */
  nextForm?: Record<string, string>;
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
  const match = YEAR_TEXT_RE.exec(withArabicYears(text).replace(/\s+/g, ""));
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

/**
 * A report title without a year ("某局政府信息公开工作年度报告"), as a per-year sub-column lists them
 * (盘锦: 政府信息公开年报 > 2021年 > …). The same words name the column in every site's navigation, so
 * such a link is a report only when it leads to an article's own file (a number in its name), never to a
 * column's index; its year is then the document's own.
 */
const YEARLESS_TITLE_RE = /(?:政府|政务)信息公开(?:工作)?(?:年度报告|年报)$/u;
const ARTICLE_FILE_RE =
  /\/(?!(?:index|default|list|main)(?:_\d+)?\.)[^/]*\d{3,}[^/]*\.(?:s?html?|pdf|docx?|wps|ofd|jsp|php|aspx?)$/i;

function isYearlessReportLink(text: string, pathname: string): boolean {
  const compact = text.replace(/\s+/g, "");
  return (
    YEARLESS_TITLE_RE.test(compact) &&
    !DERIVATIVE_RE.test(compact) &&
    yearFromText(compact) === undefined &&
    ARTICLE_FILE_RE.test(pathname)
  );
}

export function isReportTitle(text: string): boolean {
  const compact = withArabicYears(text).replace(/\s+/g, "");
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
    /**
     * The column page whose script asks this address for its list: the data's relative addresses are
     * relative to that page, and taken (an API named in the registry does not say which page that is).
     */
    drawnBy?: string;
    /** The form this listing was asked with (a POST a column page's script makes). */
    form?: Readonly<Record<string, string>>;
  },
): ListingAnalysis {
  const base = new URL(listingUrl);
  const dir = directoryOf(base.pathname);
  const patterns = compilePatterns(options.linkPatterns);
  const reports: DiscoveredReport[] = [];
  const pages: string[] = [];
  const subListings: string[] = [];
  const targets: URL[] = [];
  // Links resolve against the page's <base href>, or, for what a column page's script fetches and shows
  // in it, against that page; pagination and sub-columns are judged by this listing's own URL.
  const linkBase = documentBaseUrl(html, options.drawnBy ?? listingUrl);
  const links = extractLinks(html, linkBase, targets, options.queryEncoding);
  const datastore = datastoreRecords(html);
  const policy = options.drawnBy === undefined ? "rooted" : "relative";
  const json = datastore === undefined ? jsonListing(html, listingUrl, policy, options.form) : undefined;
  const records = datastore ?? json?.links ?? scriptDataLinks(html) ?? scriptFileLinks(html, policy);
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
    const yearless =
      !titled &&
      !patterned &&
      !tokenWithYear &&
      !subListing &&
      isYearlessReportLink(link.text, target.pathname);
    if (titled || patterned || tokenWithYear || yearless) {
      // A year-less title's address dates its publication, a year after the report's: the document says.
      const yearHint = yearless ? undefined : (yearFromText(link.text) ?? yearFromUrl(link.url));
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
  if (json?.next && !pages.includes(json.next)) pages.push(json.next);
  const nextGroup = datastore === undefined ? undefined : hanwebNextGroup(html, listingUrl);
  if (nextGroup && !pages.includes(nextGroup)) pages.push(nextGroup);
  // A column whose list is in a frame: the frame is the listing to read.
  for (const frame of embeddedResources(html, linkBase, options.queryEncoding)) {
    if (frame.kind !== "frame" || pages.includes(frame.url) || subListings.includes(frame.url)) continue;
    if (options.isAllowedHost(new URL(frame.url).hostname.toLowerCase())) subListings.push(frame.url);
  }
  return { reports, pages, subListings, ...(json?.nextForm ? { nextForm: json.nextForm } : {}) };
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
