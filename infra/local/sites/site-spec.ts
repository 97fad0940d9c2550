// What a sample bureau site is made of (declarative), and where each of its documents lives.
import type { AgencyType, SectionKey } from "../../../shared/domain/keys.ts";
import type { TableDefect, TableFormat } from "./table-data.ts";

export type SiteEncoding = "utf-8" | "gbk" | "big5";
/** Where the charset is declared: HTTP header and <meta>, only <meta>, or only the header. */
export type CharsetDeclaration = "header+meta" | "meta-only" | "header-only";
/** Metadata block layouts seen on real CMSs (SPEC §5.2). */
export type MetaStyle = "taizhou" | "panjin" | "huashan" | "anhui" | "xiangyang" | "guangdong";
/** URL shapes seen on real sites (SPEC §5.4). */
export type UrlStyle = "t" | "art" | "post" | "epoch" | "html-date";
export type TitlePattern = "agency-year" | "year-agency" | "agency-year-du";
export type SeedId = "000" | "001" | "002" | "003" | "004";
export type DocRole = "report" | "work-plan" | "interpretation" | "notice" | "news";

export interface DocSpec {
  role: DocRole;
  /** Report year (reports), plan year (plans), subject year (noise). */
  year: number;
  /** Numeric id used in the URL; unique per site. */
  id: number;
  /** The date the page states (发布日期 …), or null when the page shows none. */
  publishedAt: string | null;
  /** 成文日期 (signing date), where the metadata style has it. */
  writtenAt?: string;
  time?: string;
  /** Title for noise pages; reports get theirs from the site's title pattern. */
  title?: string;
  seed?: SeedId;
  /** How the report's tables reach the reader: the page itself, pictures, or a PDF or OFD attachment. */
  render?: "html" | "images" | "pdf" | "ofd";
  /** With render "pdf": the page shows the PDF through a pdf.js viewer frame instead of linking it. */
  pdfViewer?: boolean;
  /** Table format actually used (default: by year, SPEC §1.3). */
  format?: TableFormat;
  defects?: TableDefect[];
  omitSection?: SectionKey;
  /** The HTTP header declares UTF-8 while the bytes (and the <meta>) are the site's own charset. */
  headerLies?: boolean;
  /** Linked from the listing but under a path robots.txt disallows. */
  robotsForbidden?: boolean;
  /** Fixed path (seeds keep the path their mirror copy showed; robots-forbidden pages). */
  path?: string;
}

export interface SiteSpec {
  bureauId: string;
  name: string;
  host: string;
  regionCode: string;
  agencyType: AgencyType;
  supervisor: string;
  /** The people's government whose portal frames the site (breadcrumbs, footer). */
  portalName: string;
  encoding: SiteEncoding;
  charset: CharsetDeclaration;
  metaStyle: MetaStyle;
  urlStyle: UrlStyle;
  titlePattern: TitlePattern;
  /** Folder of the annual-report column, e.g. "/zwgk/zfxxgknb/". */
  listingPath: string;
  /**
   * The column's old entry page, which only refreshes (<meta http-equiv="refresh">) to listingPath: the
   * registry names this one, as registries written before a CMS move do.
   */
  listingEntry?: string;
  /**
   * "hanweb": the column's entries are CDATA records in a <script type="text/xml"> datastore that a
   * script draws (大汉 jcms, the usual CMS of Zhejiang sites), not plain links. "api": the column page
   * shows only the site's navigation; its script asks a JSON API for the entries (API_LISTING_PATH), its
   * address joined from the page's channel id, and draws them.
   */
  listingStyle?: "hanweb" | "api";
  listingName: string;
  /** Entries per listing page; more entries → index_1.html, index_2.html … */
  pageSize: number;
  canMakeRegulations: boolean;
  /** robots.txt body, or null for a 404. */
  robots: string | null;
  /** Table 3 mostly zeros (small bodies). */
  sparse?: boolean;
  /** A Big5 gateway rendering traditional copies (big5.<host>/gate/big5/<host>/…), with the names it shows. */
  big5Gateway?: { host: string; name: string; portalName: string; listingName: string };
  /** Host that stores attachments (a city portal's file area), if not the site itself. */
  attachmentHost?: string;
  docs: DocSpec[];
}

export const DEFAULT_ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /member/\n";

export function reportTitle(site: SiteSpec, year: number): string {
  if (site.titlePattern === "year-agency") {
    return `${year}年${site.name.replace("人民政府", "")}政府信息公开工作年度报告`;
  }
  if (site.titlePattern === "agency-year-du") return `${site.name}${year}年度政府信息公开工作报告`;
  return `${site.name}${year}年政府信息公开工作年度报告`;
}

const SEED_TITLES: Record<SeedId, (site: SiteSpec) => string> = {
  "000": (site) => reportTitle(site, 2022),
  "001": (site) => reportTitle(site, 2022),
  "002": () => "泸州市统计局2017年政府信息公开工作年度报告",
  "003": () => "樟树市统计局2023年政务公开工作要点",
  "004": () => "2020年度句容市统计局信息公开工作报告",
};

/** Titles as the Big5 gateway shows them (traditional characters). */
export const SEED_TITLES_TRADITIONAL: Partial<Record<SeedId, string>> = {
  "004": "2020年度句容市統計局信息公開工作報告",
};

export function docTitle(site: SiteSpec, doc: DocSpec): string {
  if (doc.title) return doc.title;
  if (doc.seed) return SEED_TITLES[doc.seed](site);
  return reportTitle(site, doc.year);
}

export function tableFormatOf(doc: DocSpec): TableFormat {
  return doc.format ?? (doc.year <= 2020 ? "2019" : "2021");
}

function dateParts(date: string): { y: string; m: string; d: string } {
  const [y = "1970", m = "01", d = "01"] = date.split("-");
  return { y, m, d };
}

/** The path of a document on its site, from the site's URL style and the stated date. */
export function docPath(site: SiteSpec, doc: DocSpec): string {
  if (doc.path) return doc.path;
  const date = doc.publishedAt ?? "1970-01-01";
  const { y, m, d } = dateParts(date);
  switch (site.urlStyle) {
    case "t":
      return `${site.listingPath}${y}${m}/t${y}${m}${d}_${doc.id}.html`;
    case "art":
      return `/art/${y}/${Number(m)}/${Number(d)}/art_1229230631_${doc.id}.html`;
    case "post":
      return `${site.listingPath}content/post_${doc.id}.html`;
    case "epoch":
      return `${site.listingPath}t19700101_${doc.id}.shtml`;
    case "html-date":
      return `/html/2588/${date}/content-${doc.id}.html`;
  }
}

/** Where an "api" column's entries are served (as JSON), whatever its query. */
export const API_LISTING_PATH = "/api/column/list";

export function listingPagePath(site: SiteSpec, page: number): string {
  return `${site.listingPath}${page === 0 ? "index.html" : `index_${page}.html`}`;
}

export function siteUrl(site: SiteSpec, path: string): string {
  return `http://${site.host}${path}`;
}

/** Hosts besides the site's own that belong to the bureau (Big5 gateway, attachment server). */
export function extraHosts(site: SiteSpec): string[] {
  return [
    ...(site.big5Gateway ? [site.big5Gateway.host] : []),
    ...(site.attachmentHost ? [site.attachmentHost] : []),
  ];
}

/** Full URL of the attachment of a report rendered as "pdf" or "ofd". */
export function attachmentUrl(site: SiteSpec, doc: DocSpec): string {
  return `http://${site.attachmentHost ?? site.host}${attachmentPath(site, doc)}`;
}

/** The attachment of a report rendered as "pdf" or "ofd". */
export function attachmentPath(site: SiteSpec, doc: DocSpec): string {
  const { y, m, d } = dateParts(doc.publishedAt ?? "1970-01-01");
  const extension = doc.render === "ofd" ? "ofd" : "pdf";
  return `${site.listingPath}${y}${m}/P0${y}${m}${d}${String(doc.id).padStart(9, "0")}.${extension}`;
}

export function imagePaths(site: SiteSpec, doc: DocSpec): string[] {
  const { y, m, d } = dateParts(doc.publishedAt ?? "1970-01-01");
  return [1, 2, 3].map((n) => `${site.listingPath}${y}${m}/W0${y}${m}${d}${doc.id}${n}.png`);
}

export function gatewayPath(site: SiteSpec, path: string): string {
  return `/gate/big5/${site.host}${path}`;
}

/** Listing entries newest first, as CMS columns sort them. */
export function listedDocs(site: SiteSpec): DocSpec[] {
  const key = (doc: DocSpec): string => doc.publishedAt ?? `${doc.year + 1}-00-00`;
  return [...site.docs].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : b.id - a.id));
}
