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
const DROPPED_DIGITS: [string, RegExp][] = [
  ["日", /(?<!\d)(?:19|20)\d{3,6}日/], // "202111日", "20211231日", "2024126日"
  ["月", /(?<!\d)(?:19|20)\d{3,4}月/], // "20221月1日"
  ["〔", /〔(?:19|20)\d{4,}/], // "〔202130"
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

type Sighting = [EncodingDamage["kind"], string];

/** The damage visible in one raw line, in the order it is logged (double mojibake is checked after conversion). */
function inspectLine(line: string): Sighting[] {
  const seen: Sighting[] = [];
  const replacement = line.indexOf("\ufffd");
  if (replacement >= 0) seen.push(["replacement-chars", sampleAround(line, replacement)]);
  if (looksMisaligned(line)) seen.push(["gbk-misalignment", misalignmentSample(line)]);
  const pinyin = findPinyinAnnotation(line);
  if (pinyin) seen.push(["pinyin-annotation", pinyin]);
  for (const [mark, pattern] of DROPPED_DIGITS) {
    // each pattern ends on (or starts with) its mark: no mark, no match
    const match = line.includes(mark) ? pattern.exec(line) : null;
    if (match) seen.push(["dropped-digits", sampleAround(line, match.index)]);
  }
  return seen;
}

/**
 * Normalises a whole text line by line (same result as normaliseLine on each line) and reports encoding
 * damage. The converter runs once, over all lines holding traditional characters; the line count is
 * preserved so raw and normalised lines stay aligned. A line that occurs several times (table cells:
 * "0", repeated labels) is normalised once; its damage is still logged at every occurrence, in order.
 */
export function normaliseText(raw: string): NormalisedText {
  const log = new DamageLog();
  try {
    return { text: normaliseEach(raw.split(/\r\n|\r|\n/), log).join("\n"), damage: log.damage };
  } catch {
    return { text: raw, damage: log.damage };
  }
}

/**
 * normaliseText for text already split into lines (none holding a line break): the same lines and
 * damage as normaliseText(lines.join("\n")), without joining and splitting again.
 */
export function normaliseLines(lines: readonly string[]): { lines: string[]; damage: EncodingDamage[] } {
  const log = new DamageLog();
  try {
    return { lines: normaliseEach(lines, log), damage: log.damage };
  } catch {
    return { lines: [...lines], damage: log.damage };
  }
}

function normaliseEach(lines: readonly string[], log: DamageLog): string[] {
  const slotOf = new Map<string, number>();
  const distinct: string[] = [];
  const slots: number[] = [];
  const sightings: Sighting[][] = [];
  for (const line of lines) {
    let slot = slotOf.get(line);
    if (slot === undefined) {
      slot = distinct.length;
      slotOf.set(line, slot);
      distinct.push(line);
      sightings.push(inspectLine(line));
    }
    slots.push(slot);
    for (const [kind, sample] of sightings[slot] ?? []) log.add(kind, sample);
  }
  const simplified = toSimplifiedLines(distinct.map(beforeConversion));
  // Checked after conversion: traditional characters are "rare" in GB2312 terms too.
  const garbled = simplified.map(hasFewCommonHanzi);
  slots.forEach((slot, i) => {
    if (garbled[slot]) log.add("double-mojibake", lines[i] ?? "");
  });
  const normalised = simplified.map((line) => settle(normaliseWidthAndSpace(line)));
  return slots.map((slot) => normalised[slot] ?? "");
}
