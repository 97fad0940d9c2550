// Tolerant date parsing for report bodies, page metadata and URLs (SPEC §1.5, §1.6).
// Never throws; returns null when a date cannot be read without guessing.
import { CN_DIGITS } from "../text/years.ts";

export interface FoundDate {
  /** YYYY-MM-DD */
  date: string;
  year: number;
  month: number;
  day: number;
  /** Offset of the match in the searched text. */
  index: number;
  /** The text that matched, as printed. */
  text: string;
}

export interface UrlDate {
  /** YYYY-MM-DD; for month-only tokens the first of the month. */
  date: string;
  precision: "day" | "month";
  token: string;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;
const MAX_SCAN = 200_000;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Number.isInteger(day) && day >= 1 && day <= days;
}

export function formatDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Full-width digits and ideographic separators to ASCII, so one set of patterns covers both. */
function toAsciiDigits(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[／－．]/g, (c) => {
      return c === "／" ? "/" : c === "－" ? "-" : ".";
    });
}

/** 二〇二三 → 2023 (digit by digit); 十七 → 17 (tens notation). */
function cnNumber(s: string, digitWise: boolean): number | null {
  if (digitWise) {
    let n = 0;
    for (const c of s) {
      const d = CN_DIGITS[c];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === "") return null;
  const tens = m[2] ? (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) : 0;
  const units = m[3] ? (CN_DIGITS[m[3]] ?? 0) : m[2] ? 0 : m[1] ? (CN_DIGITS[m[1]] ?? 0) : 0;
  return tens * 10 + units;
}

function push(out: FoundDate[], y: number, m: number, d: number, index: number, text: string): void {
  if (isValidDate(y, m, d)) out.push({ date: formatDate(y, m, d), year: y, month: m, day: d, index, text });
}

/** Digits after a year whose 年/月 separators were dropped ("2024126日"): accept only an unambiguous split. */
function splitMonthDay(digits: string): [number, number] | null {
  if (digits.length === 2) return [Number(digits[0]), Number(digits[1])];
  if (digits.length === 4) return [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (digits.length === 3) {
    const a: [number, number] = [Number(digits.slice(0, 1)), Number(digits.slice(1))];
    const b: [number, number] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    const okA = a[0] >= 1 && a[0] <= 12 && a[1] >= 1 && a[1] <= 31;
    const okB = b[0] >= 1 && b[0] <= 12 && b[1] >= 1 && b[1] <= 31;
    if (okA !== okB) return okA ? a : b;
  }
  return null;
}

// Each pattern is anchored on a literal or bounded digit runs: linear time on any input.
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => [number, number, number] | null }[] = [
  // 2023年1月17日 / 2023 年 1 月 17 日 / 2023年01月17
  {
    re: /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*日?/g,
    read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  // ISO-like: 2023-01-17, 2023/1/17, 2023.1.17 (time part ignored)
  {
    re: /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/g,
    read: (m) => [Number(m[1]), Number(m[3]), Number(m[4])],
  },
  // dropped 年: 20221月1日
  {
    re: /(?<!\d)(\d{4})(\d{1,2})\s*月\s*(\d{1,2})\s*日/g,
    read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  // dropped 年 and 月: 202111日, 20211231日, 2024126日
  {
    re: /(?<!\d)(\d{4})(\d{2,4})\s*日/g,
    read: (m) => {
      const md = splitMonthDay(m[2] ?? "");
      return md ? [Number(m[1]), md[0], md[1]] : null;
    },
  },
  // dropped 月: 2023年117日
  {
    re: /(\d{4})\s*年\s*(\d{2,4})\s*日/g,
    read: (m) => {
      const md = splitMonthDay(m[2] ?? "");
      return md ? [Number(m[1]), md[0], md[1]] : null;
    },
  },
  // 二〇二三年一月十七日 (signatures of formal documents)
  {
    re: /([〇零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/g,
    read: (m) => {
      const y = cnNumber(m[1] ?? "", true);
      const mo = cnNumber(m[2] ?? "", false);
      const d = cnNumber(m[3] ?? "", false);
      return y !== null && mo !== null && d !== null ? [y, mo, d] : null;
    },
  },
];

/** Every readable date in the text, in text order; overlapping readings keep the earliest, longest one. */
export function findDates(text: string): FoundDate[] {
  if (typeof text !== "string" || text === "") return [];
  const src = toAsciiDigits(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  const all: FoundDate[] = [];
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(src); m !== null; m = re.exec(src)) {
      const ymd = read(m);
      if (ymd) push(all, ymd[0], ymd[1], ymd[2], m.index, m[0]);
    }
  }
  all.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const out: FoundDate[] = [];
  let end = -1;
  for (const d of all) {
    if (d.index < end) continue;
    out.push(d);
    end = d.index + d.text.length;
  }
  return out;
}

/** The first date in a string ("2023-01-13 15:20", "2023年1月17日"), or null. */
export function parseDate(text: string): string | null {
  return findDates(text)[0]?.date ?? null;
}

// The epoch default some CMSs print when the real date is missing (柳州 t19700101_…).
const EPOCH = "1970-01-01";

/** Date tokens in a report URL (SPEC §1.5.2), most precise first; null when none is plausible. */
export function urlDate(url: string): UrlDate | null {
  if (typeof url !== "string" || url === "") return null;
  const path = url.slice(0, 2000).replace(/^[a-z]+:\/\/[^/]*/i, "");
  const day = (y: string, m: string, d: string, token: string): UrlDate | null => {
    const [yy, mm, dd] = [Number(y), Number(m), Number(d)];
    if (!isValidDate(yy, mm, dd)) return null;
    const date = formatDate(yy, mm, dd);
    return date === EPOCH ? null : { date, precision: "day", token };
  };
  const tries: (() => UrlDate | null)[] = [
    () => {
      const m = /[/_]t(\d{4})(\d{2})(\d{2})_/.exec(path);
      return m ? day(m[1]!, m[2]!, m[3]!, m[0]) : null;
    },
    () => {
      const m = /\/art\/(\d{4})\/(\d{1,2})\/(\d{1,2})\//.exec(path);
      return m ? day(m[1]!, m[2]!, m[3]!, m[0]) : null;
    },
    () => {
      const m = /\/(\d{4})-(\d{2})-(\d{2})\//.exec(path);
      return m ? day(m[1]!, m[2]!, m[3]!, m[0]) : null;
    },
    () => {
      const m = /\/(\d{4})(\d{2})(\d{2})\//.exec(path);
      return m ? day(m[1]!, m[2]!, m[3]!, m[0]) : null;
    },
    () => {
      const m = /\/(\d{4})(\d{2})\//.exec(path);
      if (!m) return null;
      const [y, mo] = [Number(m[1]), Number(m[2])];
      return isValidDate(y, mo, 1) && y > 1970
        ? { date: formatDate(y, mo, 1), precision: "month", token: m[0] }
        : null;
    },
  ];
  for (const t of tries) {
    const found = t();
    if (found) return found;
  }
  return null;
}
