// Which national format a report follows, from its table signatures (SPEC §3.7) — not from its year.
// When no signature is readable (image tables), fall back to the format expected for the year and say so.
import type { ParsedReport, ReportFormat } from "../domain/report.ts";

export type FormatSource = NonNullable<ParsedReport["formatSource"]>;

export interface FormatDecision {
  format: ReportFormat;
  source: FormatSource;
  /** The signatures that decided it (empty for year/structure fallbacks). */
  signatures: string[];
}

const SIGNATURES_2021 = ["本年制发件数", "本年收费金额", "申请人逾期未按收费通知要求缴纳费用"];
const SIGNATURES_2019 = [
  "本年新制作数量",
  "上一年项目数量",
  "本年增/减",
  "本年增减",
  "政府集中采购",
  "本年新公开数量",
];
const SIGNATURES_SHARED = [
  "第二十条第(一)项",
  "本年新收政府信息公开申请数量",
  "勾稽关系",
  "结果维持",
  "尚未审结",
];
const MAX_HAY = 400_000;

const FULL_WIDTH = /[（）／]/;
const FULL_WIDTH_ALL = /[（）／]/g;

/** Whitespace removed and brackets made ASCII, so PDF-split and full-width labels match alike. */
function squash(s: string): string {
  const compact = s.replace(/\s+/g, "");
  // most labels hold none of the three; skip their passes
  if (!FULL_WIDTH.test(compact)) return compact;
  return compact.replace(FULL_WIDTH_ALL, (ch) => (ch === "（" ? "(" : ch === "）" ? ")" : "/"));
}

const WORDY = /[^\d\s.,/—–-]/;

function gridLabels(grids: string[][][]): string[] {
  const labels: string[] = [];
  for (const grid of grids) {
    for (const row of Array.isArray(grid) ? grid : []) {
      // the row's wordy cells joined by "|", built without an intermediate array
      let joined = "";
      let first = true;
      for (const c of Array.isArray(row) ? row : []) {
        if (typeof c !== "string" || !WORDY.test(c)) continue;
        joined = first ? c : `${joined}|${c}`;
        first = false;
      }
      labels.push(squash(joined));
    }
  }
  return labels;
}

/** 2019 Table 3: a single （六）其他处理 row directly followed by （七）总计. */
function hasSingleOtherHandlingRow(labels: string[]): boolean {
  for (let i = 0; i + 1 < labels.length; i++) {
    const here = labels[i] ?? "";
    const next = labels[i + 1] ?? "";
    if (/\(六\)其他处理$/.test(here) && /\(七\)总计/.test(next)) return true;
  }
  return false;
}

const SQUASHED_2021 = SIGNATURES_2021.map(squash);
const SQUASHED_2019 = SIGNATURES_2019.map(squash);
const SQUASHED_SHARED = SIGNATURES_SHARED.map(squash);

export interface FormatHints {
  year?: number;
  /** The document has the 2008 structure (e.g. a 收费及减免 part, no 收到和处理 section). */
  oldStructure?: boolean;
}

export function detectFormat(text: string, grids: string[][][], hints: FormatHints = {}): FormatDecision {
  const labels = gridLabels(Array.isArray(grids) ? grids : []);
  const hay = `${squash(typeof text === "string" ? text.slice(0, MAX_HAY) : "")}\n${labels.join("\n")}`;
  const found21 = SIGNATURES_2021.filter((s, i) => hay.includes(SQUASHED_2021[i] ?? s));
  const found19 = SIGNATURES_2019.filter((s, i) => hay.includes(SQUASHED_2019[i] ?? s));
  // in flattened text the 2021 sub-rows ("1.申请人无正当理由…") would sit between the two labels
  const flatSingleRow = /\(六\)其他处理[|\d./—–-]{0,80}\(七\)总计/.test(hay);
  if (hasSingleOtherHandlingRow(labels) || flatSingleRow) found19.push("(六)其他处理→(七)总计");
  if (found21.length > 0 || found19.length > 0) {
    // a stale template can carry a stray label of the other one: the majority decides, 2021 on ties
    return found21.length >= found19.length
      ? { format: "2021", source: "signature", signatures: found21 }
      : { format: "2019", source: "signature", signatures: found19 };
  }
  const shared = SIGNATURES_SHARED.filter((s, i) => hay.includes(SQUASHED_SHARED[i] ?? s));
  const year = hints.year;
  if (year !== undefined && year <= 2018) return { format: "2008", source: "year", signatures: shared };
  if (year !== undefined && year >= 2019) {
    return { format: year >= 2021 ? "2021" : "2019", source: "year", signatures: shared };
  }
  if (hints.oldStructure && shared.length === 0)
    return { format: "2008", source: "structure", signatures: [] };
  return { format: "unknown", source: "none", signatures: shared };
}
