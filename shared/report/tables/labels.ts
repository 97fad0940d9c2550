// Label handling shared by the table mappers: grids arrive normalised (shared/text/normalise.ts), but
// bracket width, stray spaces and quotes still vary between sites, so matching works on a compact stem.
import { isValueText } from "../cell.ts";

const MAX_LABEL_CHARS = 300;
const MAX_MEMO_ENTRIES = 20_000;
const NONE: unique symbol = Symbol("none");

/**
 * A pure string function that remembers its answers: the mappers look at the same cells and labels many
 * times (format detection, header rows, entries, stems), and a table repeats "0", "/" and its labels.
 * Bounded: the memory is dropped when it fills up.
 */
export function memoised<T>(fn: (text: string) => T): (text: string) => T {
  // undefined answers ("no such row") are common: stored as NONE so one lookup tells them apart
  const memory = new Map<string, T | typeof NONE>();
  return (text: string) => {
    const known = memory.get(text);
    if (known !== undefined) return known === NONE ? (undefined as T) : known;
    const answer = fn(text);
    if (memory.size >= MAX_MEMO_ENTRIES) memory.clear();
    memory.set(text, answer === undefined ? NONE : answer);
    return answer;
  };
}

/** One form for matching: no whitespace or quotes, ASCII brackets/colon/comma, half-width digits. */
export const compactLabel = memoised(compactLabelOf);

function compactLabelOf(label: string): string {
  let out = "";
  for (const ch of label.slice(0, MAX_LABEL_CHARS)) {
    const code = ch.codePointAt(0) ?? 0;
    if (/\s/.test(ch) || ch === "\u3000" || ch === "\u00a0") continue;
    if (ch === "“" || ch === "”" || ch === '"' || ch === "‘" || ch === "’" || ch === "'") continue;
    if (ch === "（" || ch === "〔" || ch === "[" || ch === "【") out += "(";
    else if (ch === "）" || ch === "〕" || ch === "]" || ch === "】") out += ")";
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else out += ch;
  }
  return out;
}

const NUMBERING =
  /^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)[、.]?|\d{1,2}(?:[、.)]|(?=[^\d.]))|[①-⑳])/;

/** The label without its leading list number ("（三）", "1.", "四、"). */
export function stripNumbering(compact: string): string {
  return compact.replace(NUMBERING, "");
}

/** The label without parenthesised notes ("规章（设区的市…提供）" → "规章"); numbering must go first. */
export function stripNotes(compact: string): string {
  let out = "";
  let depth = 0;
  for (const ch of compact) {
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** The text used to recognise a row or column: numbering and notes removed. */
export const labelStem = memoised((label: string): string => stripNotes(stripNumbering(compactLabel(label))));

export type CellRole = "label" | "value" | "empty";

export const cellRole = memoised((cell: string): CellRole => {
  if (cell.trim() === "") return "empty";
  return isValueText(cell) ? "value" : "label";
});

/** Collapses whitespace for reporting a label back to the user. */
export function displayLabel(label: string): string {
  return label.replace(/\s+/g, " ").trim().slice(0, 120);
}

/**
 * The grid read as "label run, then value run" entries, in reading order. This is how every layout
 * reads the same: true HTML grids (group label repeated by rowspan), `|`-flattened rows with a leading
 * group label, and one-cell-per-line streams whose row breaks were lost. An entry ends when a label
 * follows a value; identical adjacent labels (colspan copies) are kept once.
 */
export interface Entry {
  labels: string[];
  values: string[];
}

export function readEntries(grid: string[][], maxCells = 200_000): Entry[] {
  const entries: Entry[] = [];
  let labels: string[] = [];
  let values: string[] = [];
  let seen = 0;
  const flush = () => {
    if (values.length > 0) entries.push({ labels, values });
    labels = [];
    values = [];
  };
  for (const row of grid) {
    for (const cell of row) {
      if (++seen > maxCells) return entries;
      const role = cellRole(cell);
      if (role === "label") {
        if (values.length > 0) flush();
        if (labels[labels.length - 1] !== cell) labels.push(cell);
      } else if (role === "value") {
        values.push(cell);
      } else if (labels.length > 0 || values.length > 0) {
        // Empty cells before any label are layout padding; after one they are blank values.
        values.push("");
      }
    }
  }
  flush();
  return entries;
}

/** Drops trailing blanks beyond `width`, then keeps the last `width` values (leading extras are stray). */
export function fitValues(values: string[], width: number): string[] {
  let end = values.length;
  while (end > width && (values[end - 1] ?? "").trim() === "") end--;
  const kept = values.slice(Math.max(0, end - width), end);
  while (kept.length < width) kept.push("");
  return kept;
}

export function hasNumber(values: string[]): boolean {
  return values.some((v) => v.trim() !== "");
}
