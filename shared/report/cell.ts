// Table cell values (SPEC §5.6): numbers, "not applicable" marks, blanks and numbers with units.
// Pure and total: any string gives a Cell; text that is none of these is kind "blank" with invalid set,
// so a rule can say "unreadable cell" instead of silently treating it as unknown.
import type { Cell } from "../domain/report.ts";

const MAX_CELL_CHARS = 200;

/** Marks meaning "does not apply"; they count as 0 in sums (SPEC §5.6). */
const NOT_APPLICABLE = new Set([
  "/",
  "\\",
  "-",
  "--",
  "—",
  "——",
  "–",
  "―",
  "─",
  "−",
  "无",
  "無",
  "暂无",
  "暫無",
  "不适用",
  "不適用",
  "n/a",
]);

/** Units seen in report cells; anything else after a number makes the cell unreadable. */
const UNITS = [
  "万元",
  "萬元",
  "亿元",
  "億元",
  "元",
  "件",
  "个",
  "個",
  "项",
  "項",
  "次",
  "条",
  "條",
  "家",
  "人",
  "%",
];
const UNIT_CANONICAL: Record<string, string> = { 萬元: "万元", 億元: "亿元", 個: "个", 項: "项", 條: "条" };

const NUMBER = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)(.*)$/;
const GROUPED = /^(\d{1,3})((?:,\d{3})+)(\.\d+)?/;

/** Full-width ASCII to ASCII and the dash/space variants to one form, so one pattern covers them. */
function toAscii(raw: string): string {
  let out = "";
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (ch === "，") out += ",";
    else if (ch === "．" || ch === "。") out += ".";
    else if (/\s/.test(ch) || ch === "\u3000" || ch === "\u00a0" || ch === "\u200b") continue;
    else out += ch;
  }
  return out;
}

function blank(raw: string, invalid: boolean): Cell {
  return invalid ? { value: null, raw, kind: "blank", invalid: true } : { value: null, raw, kind: "blank" };
}

/** Leading words some 2019 tables use instead of a sign in 本年增/减. */
function wordSign(text: string): { sign: string; rest: string } {
  for (const [word, sign] of [
    ["新增", "+"],
    ["增加", "+"],
    ["减少", "-"],
    ["減少", "-"],
    ["增", "+"],
    ["减", "-"],
    ["減", "-"],
  ] as const) {
    if (text.startsWith(word) && /^\d/.test(text.slice(word.length)))
      return { sign, rest: text.slice(word.length) };
  }
  return { sign: "", rest: text };
}

function parseUnit(rest: string): string | null | undefined {
  const stripped = rest.replace(/^\((.*)\)$/, "$1").replace(/\.$/, "");
  if (stripped === "") return undefined;
  if (UNITS.includes(stripped)) return UNIT_CANONICAL[stripped] ?? stripped;
  return null;
}

const MAX_REMEMBERED = 20_000;
const remembered = new Map<string, Cell>();

/**
 * Parses a cell's text. Tables repeat the same texts ("0", "/", "—") and the mappers parse a cell more
 * than once, so answers are remembered (bounded); each caller gets its own copy to keep.
 */
export function parseCell(raw: string): Cell {
  if (typeof raw !== "string") return parseText("");
  let cell = remembered.get(raw);
  if (cell === undefined) {
    cell = parseText(raw);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(raw, cell);
  }
  return { ...cell };
}

function parseText(text: string): Cell {
  if (text.length > MAX_CELL_CHARS) return blank(text, true);
  let compact = toAscii(text);
  if (compact === "") return blank(text, false);
  if (NOT_APPLICABLE.has(compact.toLowerCase())) return { value: null, raw: text, kind: "na" };

  const worded = wordSign(compact);
  compact = worded.sign + worded.rest;
  compact = compact.replace(/^[−–—]/, "-");
  const sign = compact[0] === "+" || compact[0] === "-" ? compact[0] : "";
  let body = sign ? compact.slice(1) : compact;
  const grouped = GROUPED.exec(body);
  if (grouped)
    body =
      grouped[1] +
      (grouped[2] ?? "").replaceAll(",", "") +
      (grouped[3] ?? "") +
      body.slice(grouped[0].length);

  const match = NUMBER.exec(body);
  if (!match) return blank(text, true);
  const value = Number(match[2]);
  const unit = parseUnit(match[3] ?? "");
  if (unit === null || !Number.isFinite(value)) return blank(text, true);
  const signed = sign === "-" ? -value : value;
  // -0 would print as "0" but compare oddly in tests and JSON; a printed "-0" means zero.
  const cell: Cell = { value: signed === 0 ? 0 : signed, raw: text, kind: "number" };
  if (unit !== undefined) cell.unit = unit;
  return cell;
}

/** Whether a cell's text is a value (number or a not-applicable mark), as opposed to a label. */
export function isValueText(raw: string): boolean {
  const cell = typeof raw === "string" ? (remembered.get(raw) ?? parseCell(raw)) : parseCell(raw);
  return cell.kind === "number" || cell.kind === "na";
}

/** Converts a money cell to 万元 when it carries another money unit (SPEC §5.6: 2021 （八） is in 万元). */
export function toTenThousandYuan(cell: Cell): Cell {
  if (cell.kind !== "number" || cell.value === null) return cell;
  const factor = cell.unit === "元" ? 1 / 10_000 : cell.unit === "亿元" ? 10_000 : 1;
  if (factor === 1) return cell;
  return { ...cell, value: Math.round(cell.value * factor * 1e8) / 1e8, unit: "万元" };
}
