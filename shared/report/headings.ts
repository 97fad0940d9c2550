// Level-1 heading recognition and the section matching keys of SPEC §7 (normalised text in).
import type { SectionKey } from "../domain/keys.ts";
import { CN_DIGITS } from "../text/years.ts";

export type NumberingKind = "cn" | "arabic" | "part" | "none";

export interface HeadingCandidate {
  numbering: NumberingKind;
  /** Value of the number (一 → 1); 0 for unnumbered lines. */
  number: number;
  /** The heading text without number and trailing punctuation, whitespace removed. */
  title: string;
}

const MAX_TITLE = 40;
const CN_VALUES: Record<string, number> = { ...CN_DIGITS, 十: 10 };

/** 一 … 九十九; null for anything else. */
export function chineseNumeral(s: string): number | null {
  if (s.length === 0 || s.length > 3) return null;
  if (s.length === 1) return CN_VALUES[s] ?? null;
  const m = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(s);
  if (!m) return null;
  return (m[1] ? (CN_VALUES[m[1]] ?? 1) : 1) * 10 + (m[2] ? (CN_VALUES[m[2]] ?? 0) : 0);
}

/** Strip whitespace and the trailing "。"/"."/"：" headings are often printed with. */
export function cleanTitle(s: string): string {
  return s.replace(/\s+/g, "").replace(/[。.．：:；;，,]+$/u, "");
}

// Table 3 row labels numbered like level-1 headings, met when a table is flattened to text
const TABLE_ROW = /^(本年新收|上年结转|本年度办理结果|结转下年度)/;

function plausibleTitle(title: string): boolean {
  // a sentence or a flattened table row ("四、结转下年度继续办理 | 0"), not one of the six names
  return (
    title.length >= 2 &&
    title.length <= MAX_TITLE &&
    !/[。；;！？!?|\t]/.test(title) &&
    !TABLE_ROW.test(title)
  );
}

/**
 * A line that is numbered like a level-1 heading ("一、", "1、", "1.", "第一部分").
 * （一）/(一)、 are level 2 and never match: they are the segmentation trap of seeds 001 and 004.
 */
export function levelOneCandidate(line: string): HeadingCandidate | null {
  const s = line.trim();
  if (s.length === 0 || s.length > 80) return null;
  const cn = /^([一二三四五六七八九十]{1,3})\s*(?:[、.．]|\s)\s*(.+)$/.exec(s);
  if (cn) {
    const n = chineseNumeral(cn[1] ?? "");
    const title = cleanTitle(cn[2] ?? "");
    return n !== null && plausibleTitle(title) ? { numbering: "cn", number: n, title } : null;
  }
  const part = /^第([一二三四五六七八九十]{1,3})部分\s*[、:：.．]?\s*(.+)$/.exec(s);
  if (part) {
    const n = chineseNumeral(part[1] ?? "");
    const title = cleanTitle(part[2] ?? "");
    return n !== null && plausibleTitle(title) ? { numbering: "part", number: n, title } : null;
  }
  const arabic = /^(\d{1,2})\s*[、.．](?!\d)\s*(.+)$/.exec(s);
  if (arabic) {
    const title = cleanTitle(arabic[2] ?? "");
    return plausibleTitle(title) ? { numbering: "arabic", number: Number(arabic[1]), title } : null;
  }
  return null;
}

/** An unnumbered line that is exactly a section name (used only when a report has no numbered ones). */
export function unnumberedCandidate(line: string): HeadingCandidate | null {
  const title = cleanTitle(line);
  if (title.length < 4 || title.length > 24 || /^[（(]/.test(title)) return null;
  return matchSectionKey(title) ? { numbering: "none", number: 0, title } : null;
}

/** SPEC §7 matching keys; order matters (复议 before 申请, 申请 excludes 主动公开). */
export function matchSectionKey(title: string): SectionKey | null {
  const t = title.replace(/\s+/g, "");
  if (/复议|诉讼/.test(t)) return "review";
  if (/主动公开/.test(t) && !/申请/.test(t)) return "proactive";
  if (/(收到|处理).*申请|依申请|申请公开/.test(t)) return "requests";
  if (/(问题|不足)/.test(t) && /(改进|措施|打算|整改)/.test(t)) return "problems";
  if (/其他.*(事项|需要报告|需要汇报)|需要说明的事项/.test(t)) return "other";
  if (/总体情况|概述|概况|基本(工作)?情况|工作推进情况|总体工作情况/.test(t)) return "overview";
  return null;
}
