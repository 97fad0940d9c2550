// Text normalisation before any matching (SPEC §7 "Normalise first", §5.5.7–10).
// Pipeline per line: repair GBK misalignment → strip pinyin annotations → traditional → simplified
// (+ vocabulary back-map) → width/whitespace convention of width.ts. Callers keep the raw text.
import type { EncodingDamage } from "../domain/report.ts";
import { hasFewCommonHanzi, looksMisaligned, misalignmentSample, recoverMisalignedLine } from "./mojibake.ts";
import { findPinyinAnnotation, stripPinyinAnnotations } from "./pinyin.ts";
import { toSimplifiedChinese, toSimplifiedLines } from "./simplify.ts";
import { normaliseWidthAndSpace } from "./width.ts";

export { isGarbledLine, looksMisaligned, recoverMisalignedLine } from "./mojibake.ts";
export { stripPinyinAnnotations } from "./pinyin.ts";
export { toSimplifiedChinese } from "./simplify.ts";
export { normaliseWidthAndSpace } from "./width.ts";

/** Damage samples kept per kind: enough to show the reader, bounded for huge documents. */
const MAX_SAMPLES_PER_KIND = 5;
const SAMPLE_LENGTH = 40;

// Dates whose 年/月/〕 or digits a CMS dropped (SPEC §1.5.6). Detection only; date parsers tolerate them.
const DROPPED_DIGITS = [
  /(?<!\d)(?:19|20)\d{3,6}日/, // "202111日", "20211231日", "2024126日"
  /(?<!\d)(?:19|20)\d{3,4}月/, // "20221月1日"
  /〔(?:19|20)\d{4,}/, // "〔202130"
];

/** Ideographic description characters: never in reports, and the converter treats them as composers. */
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/g;

function beforeConversion(line: string): string {
  const repaired = (recoverMisalignedLine(line) ?? line).replace(IDEOGRAPHIC_DESCRIPTION, "");
  return stripPinyinAnnotations(repaired);
}

function normaliseOnce(raw: string): string {
  return normaliseWidthAndSpace(toSimplifiedChinese(beforeConversion(raw)));
}

/**
 * Makes the result a fixed point. Realignment works on the bytes of the raw characters, so a line the
 * raw form did not let us repair may become repairable once simplified or trimmed; repairing it then
 * keeps normaliseLine idempotent. Rare (only lines that start like a shifted heading), at most 3 rounds.
 */
function settle(normalised: string): string {
  let line = normalised;
  for (let round = 0; round < 3 && recoverMisalignedLine(line) !== null; round++) line = normaliseOnce(line);
  return line;
}

/** Normalises one line (or cell): simplified characters, width convention, single spaces, trimmed. */
export function normaliseLine(raw: string): string {
  try {
    return settle(normaliseOnce(raw));
  } catch {
    return raw.trim();
  }
}

export interface NormalisedText {
  /** One normalised line per input line ("\n"-separated; "\r\n" and "\r" count as breaks). */
  text: string;
  damage: EncodingDamage[];
}

class DamageLog {
  readonly damage: EncodingDamage[] = [];
  private readonly counts = new Map<EncodingDamage["kind"], number>();

  add(kind: EncodingDamage["kind"], sample: string): void {
    const count = this.counts.get(kind) ?? 0;
    if (count >= MAX_SAMPLES_PER_KIND) return;
    this.counts.set(kind, count + 1);
    this.damage.push({ kind, sample: sample.slice(0, SAMPLE_LENGTH) });
  }
}

function sampleAround(line: string, index: number): string {
  const start = Math.max(0, index - 10);
  return line.slice(start, start + 24);
}

/** Records the damage visible in one raw line (double mojibake is checked after conversion). */
function inspectLine(line: string, log: DamageLog): void {
  const replacement = line.indexOf("\ufffd");
  if (replacement >= 0) log.add("replacement-chars", sampleAround(line, replacement));
  if (looksMisaligned(line)) log.add("gbk-misalignment", misalignmentSample(line));
  const pinyin = findPinyinAnnotation(line);
  if (pinyin) log.add("pinyin-annotation", pinyin);
  for (const pattern of DROPPED_DIGITS) {
    const match = pattern.exec(line);
    if (match) log.add("dropped-digits", sampleAround(line, match.index));
  }
}

/**
 * Normalises a whole text line by line (same result as normaliseLine on each line) and reports encoding
 * damage. The converter runs once, over all lines holding traditional characters; the line count is
 * preserved so raw and normalised lines stay aligned.
 */
export function normaliseText(raw: string): NormalisedText {
  const log = new DamageLog();
  try {
    const lines = raw.split(/\r\n|\r|\n/);
    const prepared: string[] = [];
    for (const line of lines) {
      inspectLine(line, log);
      prepared.push(beforeConversion(line));
    }
    const simplified = toSimplifiedLines(prepared);
    simplified.forEach((line, i) => {
      // Checked after conversion: traditional characters are "rare" in GB2312 terms too.
      if (hasFewCommonHanzi(line)) log.add("double-mojibake", lines[i] ?? line);
    });
    const text = simplified.map((line) => settle(normaliseWidthAndSpace(line))).join("\n");
    return { text, damage: log.damage };
  } catch {
    return { text: raw, damage: log.damage };
  }
}
