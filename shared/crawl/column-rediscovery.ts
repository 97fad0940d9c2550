// When every listing URL of a bureau is gone (404/410, or 200 with a page-not-found page), the site was
// most likely reorganised and the annual-report column moved: registries go stale this way all the time.
// Rather than call a working site unreachable, look for the column from the site's home page, as a person
// would: a link named like the column (政府信息公开年报, 年度报告专栏…) or carrying its path token
// (zfxxgknb, gknb…), on the home page or one level down through a disclosure hub (政府信息公开, 政务公开).
// Bounded: at most four pages fetched.
import { decodeBytes } from "../text/decode.ts";
import { type CrawlSession, SOFT_404 } from "./crawl-session.ts";
import { hasReportPathToken, isReportTitle, looksLikeDocumentPath } from "./discover.ts";
import { extractLinks, type PageLink } from "./link-extract.ts";

const COLUMN_TEXT = /(?:政府|政务)?信息公开(?:工作)?(?:年度报告|年报)|年度报告专栏|年报专栏/u;
const HUB_TEXT =
  /^(?:政府|政务)?信息公开(?:目录|专栏|平台|指南)?$|^政务公开$|^法定主动公开内容$|^政府信息公开制度$/u;
const MAX_HUBS = 3;
const MAX_COLUMNS = 3;

/** Whether all of the bureau's listing URLs were answered "gone" (404/410, or a soft 404) in this crawl. */
export function listingsGone(session: CrawlSession): boolean {
  const listings = new Set(session.bureau.listings);
  const answers = session.visited.filter((v) => v.kind === "listing" && listings.has(v.url));
  return (
    answers.length > 0 && answers.every((v) => v.status === 404 || v.status === 410 || v.detail === SOFT_404)
  );
}

function isColumnLink(link: PageLink): boolean {
  const text = link.text.replace(/\s+/g, "");
  if (isReportTitle(text)) return false;
  if (COLUMN_TEXT.test(text)) return true;
  const url = new URL(link.url);
  return hasReportPathToken(link.url) && !looksLikeDocumentPath(`${url.pathname}${url.search}`);
}

async function linksOf(session: CrawlSession, url: string): Promise<PageLink[]> {
  const response = await session.fetch(url, "listing");
  if (!response || response.notModified) return [];
  const { text } = decodeBytes(response.bytes, response.contentType);
  return extractLinks(text, response.finalUrl).filter((link) =>
    session.isAllowedHost(new URL(link.url).hostname),
  );
}

/**
 * The annual-report column(s) the site's own pages lead to now, other than the listings that are gone;
 * empty when none is found within four pages.
 */
export async function rediscoverColumns(session: CrawlSession): Promise<string[]> {
  const gone = new Set(session.bureau.listings);
  const columns = new Set<string>();
  const take = (links: PageLink[]) => {
    for (const link of links) {
      if (columns.size < MAX_COLUMNS && !gone.has(link.url) && isColumnLink(link)) columns.add(link.url);
    }
  };
  const home = await linksOf(session, session.bureau.site);
  take(home);
  const hubs = [...new Set(home.filter((l) => HUB_TEXT.test(l.text.replace(/\s+/g, ""))).map((l) => l.url))];
  for (const hub of hubs.slice(0, MAX_HUBS)) {
    if (columns.size > 0) break;
    take(await linksOf(session, hub));
  }
  return [...columns];
}

const AGENCY_WORD = /局|委|办|厅|院|政府|街道|镇|乡|中心|所|队|会|处/u;

/** A bureau name's leading administrative areas ("广州市番禺区"), before its agency ("统计局"). */
const REGION_CHAIN = /^(?:[^省市区县旗盟]{1,8}?(?:省|自治区|市|自治州|地区|盟|区|县|旗))*/u;
/** What a title may put before the agency to mean "our own": 市统计局, 本区财政局. */
const OWN_LEVEL = /^(?:本|我|全)?(?:省|市|区|县|州|旗)?$/u;

function compactTitle(linkText: string): string {
  return linkText.replace(/\s+/g, "").replace(/^(?:[【[（(][^】\]）)]{0,12}[】\]）)])+/u, "");
}

/**
 * The agency a report title names before its year ("番禺区统计局" of "番禺区统计局2023年…"), or right after
 * it ("2023年度番禺区统计局政府信息公开…"), if any.
 */
export function namedAgency(linkText: string): string | undefined {
  return agencyOf(compactTitle(linkText));
}

const YEAR_WORD = /^(?:19|20)\d{2}\s*年度?/u;
/** The words that begin a report's name: what a title puts between the year and them is its agency. */
const REPORT_NAME = /政府信息公开|政务信息公开|信息公开|政务公开/u;
const MAX_AGENCY_CHARS = 30;
/** A title's "our own" agency (本局, 我委, 本单位): it names the bureau whose column it is in. */
const SELF = /^(?:本|我)(?:局|委|办|厅|院|中心|所|队|会|处|单位|机关|部门)$/u;

function agencyOf(text: string): string | undefined {
  const year = /(?:19|20)\d{2}/.exec(text);
  let agencyPart = year ? text.slice(0, year.index).replace(/[关于对的]+$/u, "") : text;
  if (year && !AGENCY_WORD.test(agencyPart)) {
    const rest = text.slice(year.index).replace(YEAR_WORD, "");
    const end = rest.search(REPORT_NAME);
    agencyPart = end >= 2 && end <= MAX_AGENCY_CHARS ? rest.slice(0, end) : "";
  }
  return AGENCY_WORD.test(agencyPart) && !SELF.test(agencyPart) ? agencyPart : undefined;
}

/**
 * Whether a report link found in a column reached by rediscovery is this bureau's: a column found from
 * a shared portal's home page may list every department's reports. Its text must name the bureau: in
 * full, or its agency preceded by part of its own region (番禺区统计局 for 广州市番禺区统计局) or by a
 * bare level (市统计局, 本局's 统计局) — or name no agency at all.
 */
export function namesBureau(linkText: string, bureauName: string): boolean {
  const text = compactTitle(linkText);
  const agencyPart = agencyOf(text);
  if (agencyPart === undefined) return true;
  if (text.includes(bureauName)) return true;
  const region = REGION_CHAIN.exec(bureauName)?.[0] ?? "";
  const agency = bureauName.slice(region.length);
  if (agency.length < 2 || !agencyPart.endsWith(agency)) return false;
  const before = agencyPart.slice(0, agencyPart.length - agency.length);
  return OWN_LEVEL.test(before) || (before.length >= 2 && region.endsWith(before));
}
