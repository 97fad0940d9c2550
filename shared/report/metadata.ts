// Title, agency, agency type, report year and dates of a report (SPEC §1.4, §1.5, §5.2, §5.3).
import type { AgencyType } from "../domain/keys.ts";
import type { DateSource, YearSource } from "../domain/report.ts";
import { withArabicYears } from "../text/years.ts";
import { findDates, parseDate, urlDate } from "./dates.ts";
import { isOfficialUrl } from "./hosts.ts";

export interface YearEvidence {
  source: YearSource;
  year: number;
  text: string;
}

const TITLE_HINT = /(信息公开|政务公开|政务信息公开).*(报告|年报)|年度报告|工作报告|年报/;
const TITLE_TYPE_WORDS = /报告|年报|要点|方案|计划|总结|通知|解读|制度|情况/;
const AGENCY_SUFFIX =
  /(人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府办公厅|街道办事处|办事处|管理委员会|管委会|委员会|局|委|厅|办公室|办|署|中心|院|部|街道|镇|乡)$/;

function plausibleYear(y: number): boolean {
  return y >= 2000 && y <= 2100;
}

function titleLike(line: string): boolean {
  const s = line.replace(/\s+/g, "");
  // a title is not a sentence: no clause punctuation, no quoted law names, no table separators
  return (
    s.length >= 6 &&
    s.length <= 60 &&
    !/[。；;，,《|]/.test(s.replace(/[。.]$/, "")) &&
    // a breadcrumb ("首页 > … > 信息公开年度报告") names the column, not the document
    !/首页|当前位置|您的位置|[>›»＞].*[>›»＞]/.test(s) &&
    TITLE_TYPE_WORDS.test(s)
  );
}

/** Drop the site name a <title> carries ("…年度报告_广州市统计局", "… - 某某网"). */
function stripSiteName(title: string): string {
  const parts = title.split(/\s*(?:[_|]|\s[-–—]\s)\s*/).filter((p) => p.trim() !== "");
  return (parts.find((p) => TITLE_HINT.test(p)) ?? parts[0] ?? title).trim();
}

/**
 * The document's title: the extractor's title when it names a report, else the first title-like line
 * among the first lines; a PDF title split over two lines ("某某局" / "2023 年政府信息公开…") is joined.
 */
export function extractTitle(pageTitle: string | undefined, lines: string[]): string | undefined {
  const page = pageTitle ? stripSiteName(pageTitle.replace(/\s+/g, " ").trim()) : "";
  if (page && TITLE_HINT.test(page) && titleLike(page)) return page.replace(/\s+/g, "");
  const head = lines.slice(0, 12).map((l) => l.trim());
  for (let i = 0; i < head.length; i++) {
    const line = head[i] ?? "";
    const next = head[i + 1] ?? "";
    const joined = `${line}${next}`.replace(/\s+/g, "");
    if (
      line.length <= 30 &&
      AGENCY_SUFFIX.test(line.replace(/\s+/g, "")) &&
      /^\d{4}\s*年/.test(next) &&
      titleLike(joined)
    ) {
      return joined;
    }
    if (
      titleLike(line) &&
      TITLE_HINT.test(line.replace(/\s+/g, "")) &&
      !/^[一二三四五六七八九十]+、/.test(line)
    ) {
      return line.replace(/\s+/g, "");
    }
  }
  return page && titleLike(page) ? page.replace(/\s+/g, "") : undefined;
}

/** The issuing organ from a title of the SPEC §5.3 patterns. */
export function agencyFromTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const t = title.replace(/\s+/g, "").replace(/^(文字解读[:：]|关于)/, "");
  const before = /^(.{2,40}?)(?:19|20)\d{2}年度?/.exec(t);
  if (before?.[1] && !/[《》]/.test(before[1])) return before[1];
  const after = /^(?:19|20)\d{2}年度?(.{2,40}?)(?:政府|政务)?信息公开/.exec(t);
  if (after?.[1]) return after[1];
  // no year in the title ("某某局政府信息公开工作年度报告"): the organ before 信息公开, if it is one
  const yearless = /^(.{2,40}?)(?:政府|政务)?信息公开/.exec(t);
  return yearless?.[1] && AGENCY_SUFFIX.test(yearless[1]) ? yearless[1] : undefined;
}

/** The organ named in the body ("2022年，滨江区统计局坚持…", "特向社会公布2020年度句容市统计局信息公开工作报告"). */
export function agencyFromText(text: string): string | undefined {
  const head = text.slice(0, 3000);
  const published = /公布(?:19|20)\d{2}年度?([^，,。、\s]{2,30}?)(?:政府|政务)?信息公开/.exec(head);
  if (published?.[1] && AGENCY_SUFFIX.test(published[1])) return published[1];
  // "现将深圳市某某局（以下简称某局）2023年信息公开年度报告进行公布", "现将龙岗区2025年…年度报告进行公布"
  const named =
    /(?:现将|现向社会公布|特向社会公布)([^，,。、\s（(]{2,30}?)(?:[（(]以下简称[^）)]{1,12}[）)])?(?:19|20)\d{2}年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)/.exec(
      head,
    );
  if (named?.[1] && (AGENCY_SUFFIX.test(named[1]) || /(省|市|区|县|自治州|旗)$/.test(named[1])))
    return named[1];
  const subject =
    /(?:^|\n)\s*(?:19|20)\d{2}年度?[，,]\s*([^，,。、\s]{2,24}?(?:统计局|局|委员会|委|厅|办公室|人民政府|街道办事处|管委会|中心))/.exec(
      head,
    );
  // "2022年，我局…" names nobody
  return subject?.[1] && !/^(我|本|全)/.test(subject[1]) ? subject[1] : undefined;
}

export function agencyFromMeta(meta: Record<string, string>): string | undefined {
  for (const key of ["发布机构", "发文机关", "发布单位", "信息来源", "来源"]) {
    const v = meta[key]?.trim();
    if (v && v.length <= 40 && AGENCY_SUFFIX.test(v)) return v;
  }
  return undefined;
}

/** SPEC §1.4.2 from the organ's name, then from how the text refers to itself. */
export function inferAgencyType(
  agency: string | undefined,
  text: string,
  title?: string,
): AgencyType | undefined {
  const name = (agency ?? "").replace(/\s+/g, "");
  if (name) {
    // Tianjin and a few other cities name their streets "…街" (佳荣里街), not "…街道"
    if (/(乡|镇)人民政府$|街道办事处$|街道$|办事处$|(乡|镇)$|[^大]街$|管委会$|管理委员会$/.test(name))
      return "township";
    if (/人民政府$/.test(name)) return "government";
    if (AGENCY_SUFFIX.test(name)) return "department";
    // "2022年上海市政府信息公开工作年度报告": the agency part is a bare place name
    if (/(省|市|区|县|自治州|州|旗|盟)$/.test(name)) return "government";
  }
  if (title && /人民政府(19|20)\d{2}年/.test(title.replace(/\s+/g, ""))) return "government";
  const head = text.slice(0, 20_000);
  if (/我(局|委|厅|办|署|中心)|本(局|委|厅|署)/.test(head)) return "department";
  if (/我(镇|乡|街道|街)|本(镇|乡|街道|街)|全(镇|乡|街道|街)[共范]/.test(head)) return "township";
  if (/汇总.{0,20}(编制|形成)|全(市|区|县)各级行政机关/.test(head)) return "government";
  return undefined;
}

/**
 * Only when nothing better says the year (no title, no period, no "YYYY年，" opening): the year the intro
 * names for "…YYYY年…政府信息公开…年度报告", else a paragraph opening "YYYY年" that is not a date.
 */
function weakYearEvidence(head: string): YearEvidence | undefined {
  const named =
    /((?:19|20)\d{2})\s*年度?[^。\n\d]{0,40}?(?:政府信息公开|政务公开|信息公开)[^。\n]{0,20}?(?:年度报告|年报|情况报告|工作报告)/.exec(
      head.slice(0, 5_000),
    );
  if (named?.[1]) return { source: "text", year: Number(named[1]), text: named[0].slice(0, 60) };
  const opening = /(?:^|\n)\s*((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)(?=[\u4e00-\u9fff])/.exec(head);
  if (!opening?.[1]) return undefined;
  const lineEnd = head.indexOf("\n", opening.index + 1);
  const sentence = head
    .slice(opening.index, lineEnd < 0 ? undefined : lineEnd)
    .trim()
    .slice(0, 60);
  return { source: "text", year: Number(opening[1]), text: sentence };
}

/** Every year the document states (SPEC §1.4.1), in precedence order: period, title, text. */
export function findYearEvidence(title: string | undefined, text: string): YearEvidence[] {
  const out: YearEvidence[] = [];
  const head = text.slice(0, 20_000);
  const period = /统计(?:期限|时限|时间|区间|周期)[^。\n]{0,60}/.exec(head);
  if (period) {
    const dates = findDates(period[0]);
    const end = dates.find((d) => d.month === 12) ?? dates[0];
    const y = end?.year ?? Number(/(?:19|20)\d{2}/.exec(period[0])?.[0] ?? Number.NaN);
    if (plausibleYear(y)) out.push({ source: "period", year: y, text: period[0] });
  }
  const titleYear = /((?:19|20)\d{2})\s*年/.exec(withArabicYears(title ?? ""));
  if (titleYear?.[1]) out.push({ source: "title", year: Number(titleYear[1]), text: title ?? "" });
  const first = /(?:^|\n)\s*((?:19|20)\d{2})\s*年度?[，,]/.exec(head);
  if (first?.[1]) {
    const lineEnd = head.indexOf("\n", first.index + 1);
    const sentence = head
      .slice(first.index, lineEnd < 0 ? undefined : lineEnd)
      .trim()
      .slice(0, 60);
    out.push({ source: "text", year: Number(first[1]), text: sentence });
  }
  if (!out.some((e) => plausibleYear(e.year))) {
    const fallback = weakYearEvidence(head);
    if (fallback) out.push(fallback);
  }
  return out.filter((e) => plausibleYear(e.year));
}

/** Whether the statistics period covers exactly one calendar year. */
export function isFullYearPeriod(text: string): boolean {
  const period = /统计(?:期限|时限|时间|区间|周期)[^。\n]{0,60}/.exec(text.slice(0, 20_000));
  if (!period) return false;
  const dates = findDates(period[0]);
  const start = dates[0];
  const end = dates[1];
  return (
    !!start &&
    !!end &&
    start.year === end.year &&
    start.month === 1 &&
    start.day === 1 &&
    end.month === 12 &&
    end.day === 31
  );
}

const PUBLISHED_KEYS = ["发布日期", "发布时间", "发文日期", "公开日期", "生成日期", "时间", "日期"];
const SIGNED_KEYS = ["成文日期", "成文时间", "签发日期"];

export interface DateEvidence {
  publishedAt?: string;
  publishedAtSource?: DateSource;
  publishedAtPrecision?: "day" | "month";
  signedAt?: string;
}

/**
 * SPEC §1.5: page metadata of the official domain first, URL tokens second; a signature date (or 成文日期)
 * is only ever a lower bound (signedAt). Mirrors carry their own dates and are never evidence.
 */
export function findPublicationEvidence(
  meta: Record<string, string>,
  url: string | undefined,
  text: string,
  officialHosts?: string[],
): DateEvidence {
  const out: DateEvidence = {};
  const trusted = isOfficialUrl(url, officialHosts);
  if (trusted) {
    for (const key of PUBLISHED_KEYS) {
      const v = meta[key];
      const d = v ? parseDate(v) : null;
      if (d) {
        out.publishedAt = d;
        out.publishedAtSource = "page-meta";
        out.publishedAtPrecision = "day";
        break;
      }
    }
    if (!out.publishedAt && url) {
      const u = urlDate(url);
      if (u) {
        out.publishedAt = u.date;
        out.publishedAtSource = "url";
        out.publishedAtPrecision = u.precision;
      }
    }
  }
  for (const key of SIGNED_KEYS) {
    const d = meta[key] ? parseDate(meta[key] ?? "") : null;
    if (d) {
      out.signedAt = d;
      break;
    }
  }
  out.signedAt ??= signatureDate(text);
  return out;
}

/** A date standing alone on one of the last lines: the drafting date under the signature. */
export function signatureDate(text: string): string | undefined {
  const lines = text.trim().split("\n").slice(-4);
  for (const line of lines.reverse()) {
    const s = line.trim();
    if (s.length > 20) continue;
    const d = findDates(s)[0];
    if (d && d.text.length >= s.length - 2) return d.date;
  }
  return undefined;
}

/** A listing link's text as a title, when it reads as one (a report printed as images has no other). */
export function titleFromLink(linkText: string | undefined): string | undefined {
  const text = stripSiteName(normaliseSpaces(linkText ?? "")).replace(
    /\.(pdf|docx?|wps|ofd|jpe?g|png|gif|tiff?|bmp|webp|s?html?|txt)$/i,
    "",
  );
  return TITLE_HINT.test(text) && titleLike(text) ? text.replace(/\s+/g, "") : undefined;
}

function normaliseSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}
