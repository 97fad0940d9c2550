// Narrative arithmetic (SPEC §2.6, §4.2): "N件，占P%" must match N against a total stated before it.
import type { FindingDraft } from "./finding-builder.ts";

const MAX_TEXT = 200_000;
const MAX_ITEMS = 500;
/** How far back (characters) a base total may stand before the share that refers to it. */
const LOOKBACK = 400;

const SHARE =
  /(\d+)\s*(件|条|个|项|次|人)[^。；;\d%]{0,10}?占(?:总数|全部|总量|比例|比)?的?(?:比例)?为?\s*(\d+(?:\.\d+)?)\s*%/g;
const AMOUNT = /(\d+)\s*(件|条|个|项|次|人)/g;

export function checkNarrativePercentages(text: string): FindingDraft[] {
  const body = text.slice(0, MAX_TEXT);
  const findings: FindingDraft[] = [];
  let items = 0;
  for (const match of body.matchAll(SHARE)) {
    if (++items > MAX_ITEMS) break;
    const count = Number(match[1]);
    const unit = match[2] ?? "";
    const percentText = match[3] ?? "";
    const percent = Number(percentText);
    const decimals = percentText.includes(".") ? percentText.length - percentText.indexOf(".") - 1 : 0;
    // Accept rounding and truncation to the printed precision.
    const tolerance = 10 ** -decimals + 1e-9;
    const start = match.index ?? 0;
    const bases = candidateBases(body.slice(Math.max(0, start - LOOKBACK), start), unit, count);
    if (bases.length === 0) continue;
    const fits = (base: number) => base > 0 && Math.abs((count / base) * 100 - percent) <= tolerance;
    if (bases.some(fits) || (count === 0 && percent === 0)) continue;
    // Name the total the author most likely meant: the one whose share comes closest to the printed one.
    const base = closest(
      bases.filter((b) => b > 0),
      (b) => Math.abs((count / b) * 100 - percent),
    );
    if (base === undefined) continue;
    findings.push({
      rule: "text-table-mismatch",
      key: `narrative.percent.${count}${unit}.${percentText}`,
      message: `正文“${match[0]}”的百分比与前文数字不符：按${base}${unit}计应为${((count / base) * 100).toFixed(Math.max(decimals, 1))}%。`,
      evidence: {
        relation: "narrative-percent",
        expected: Number(((count / base) * 100).toFixed(decimals + 2)),
        actual: percent,
        quote: match[0],
      },
    });
  }
  return findings;
}

/** Totals with the same unit stated before the share (nearest first), plus the count itself for "占100%". */
function candidateBases(before: string, unit: string, count: number): number[] {
  const found: number[] = [];
  for (const match of before.matchAll(AMOUNT)) {
    if (match[2] === unit) found.push(Number(match[1]));
  }
  return [...found.reverse().filter((value) => value >= count), count];
}

function closest(values: number[], distance: (value: number) => number): number | undefined {
  let best: number | undefined;
  for (const value of values) {
    if (best === undefined || distance(value) < distance(best)) best = value;
  }
  return best;
}
