// Tables printed as text (SPEC §5.5.2–3): `|`-flattened rows, markdown-like "| a | b |" rows and
// one-cell-per-line streams. Grid conventions (what the table mappers receive):
// - pipe-text: one row per line, cells trimmed; a leading empty cell of "| a |" and the trailing empty
//   separators ("… | 0 | ||") are dropped, interior empties are kept. Rows are therefore RAGGED: a row
//   that starts with a group label ("（三）不予公开 | 1.属于国家秘密 | 0 …") is one cell longer than its
//   neighbours, and header rows are not aligned with data columns. Markdown separator rows are skipped.
// - cell-per-line: each "x |" line (or bare line between "|" lines) is one cell; pipe-only lines of two or
//   more "|" end a row, and so does a label cell after a value cell. Rows may still mix a header and the
//   first data row ("信息内容 本年制发件数 … 规章 0 0 0") because the source lost that break.
import type { Block } from "../../domain/report.ts";
import { addMeta, metaPairsOfLine, metaPairsOfRows } from "../page-meta.ts";
import { cellRole } from "./labels.ts";
import { cellRun, hasParagraphCells, paragraphCellRun, rowsOfCells } from "./paragraph-cells.ts";

export type TextTableSource = "pipe-text" | "cell-per-line";

export type LineSegment =
  | { kind: "line"; raw: string }
  | { kind: "table"; rows: string[][]; source: TextTableSource }
  | { kind: "meta"; pairs: [string, string][] };

const MAX_ROWS = 20_000;
const MAX_COLUMNS = 200;
const MAX_BARE_CELL = 100;
const PIPE = /[|｜]/;
const MARKDOWN_RULE = /^[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?$/;

interface ParsedLine {
  cells: string[];
  pipeOnly: boolean;
  /** Bare text between "|" lines (a cell without its own separator). */
  bare: boolean;
  pipes: number;
}

function parseLine(line: string, bare: boolean): ParsedLine | null {
  const t = line.trim();
  if (bare) return { cells: [t], pipeOnly: false, bare: true, pipes: 0 };
  if (MARKDOWN_RULE.test(t)) return null;
  const cells = t.split(/[|｜]/).map((c) => c.trim());
  const pipes = cells.length - 1;
  if (PIPE.test(t[0] ?? "")) cells.shift();
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return { cells: cells.slice(0, MAX_COLUMNS), pipeOnly: cells.length === 0, bare: false, pipes };
}

/**
 * Whether a lone "|" line is a blank cell. Without row-start marks (沅江路/tjbc pages) it always is; where
 * every row opens with a lone "|" (bjtzh pages) it is one only between values (after a value or blank,
 * before a value or another lone "|"), since a row that starts after a label cannot be told apart.
 */
function isBlankCellLine(
  parsed: ParsedLine[],
  i: number,
  rowStartForm: boolean,
  previous: string | undefined,
) {
  if (!rowStartForm) return true;
  if (previous === undefined || (previous !== "" && cellRole(previous) !== "value")) return false;
  const next = parsed[i + 1];
  if (!next) return true;
  if (next.pipeOnly) return next.pipes === 1;
  return cellRole(next.cells[0] ?? "") === "value";
}

function cellPerLineRows(parsed: ParsedLine[]): string[][] {
  const bareForm = parsed.some((p) => p.bare);
  const rowStartForm = parsed[0]?.pipeOnly === true && parsed[0].pipes === 1;
  const rows: string[][] = [];
  let row: string[] = [];
  let previous: string | undefined;
  const endRow = () => {
    if (row.length > 0) rows.push(row);
    row = [];
  };
  for (const [i, line] of parsed.entries()) {
    if (line.pipeOnly) {
      // a lone "|" in the "x |" form is an empty cell (" |"), not a row end: dropping it shifts the row
      if (!bareForm && line.pipes === 1 && isBlankCellLine(parsed, i, rowStartForm, previous)) {
        if (row.length < MAX_COLUMNS) row.push("");
        previous = "";
        continue;
      }
      if (line.pipes >= 2 || !bareForm) endRow();
      continue;
    }
    for (const cell of line.cells) {
      const last = row[row.length - 1];
      if (last !== undefined && (last === "" || cellRole(last) === "value") && cellRole(cell) === "label")
        endRow();
      if (row.length < MAX_COLUMNS) row.push(cell);
      previous = cell;
    }
  }
  endRow();
  return rows;
}

/** Rows of one run of table lines, and which text form it was. */
function runToTable(lines: string[], bareFlags: boolean[]): { rows: string[][]; source: TextTableSource } {
  const parsed: ParsedLine[] = [];
  lines.forEach((line, i) => {
    const p = parseLine(line, bareFlags[i] ?? false);
    if (p) parsed.push(p);
  });
  const content = parsed.filter((p) => !p.pipeOnly);
  const single = content.filter((p) => p.cells.length === 1).length;
  if (content.length >= 3 && single / content.length >= 0.8) {
    return { rows: cellPerLineRows(parsed).slice(0, MAX_ROWS), source: "cell-per-line" };
  }
  return { rows: content.map((p) => p.cells).slice(0, MAX_ROWS), source: "pipe-text" };
}

function isShortPlain(line: string | undefined): boolean {
  const t = (line ?? "").trim();
  return t !== "" && t.length <= MAX_BARE_CELL && !PIPE.test(t);
}

/** A bare line in a "cell / | / cell / | …" alternation (the first and last cell have one "|" beside them). */
function isBareCell(lines: string[], i: number): boolean {
  if (!isShortPlain(lines[i])) return false;
  const lone = (k: number) => (lines[k] ?? "").trim() === "|";
  return (lone(i + 1) && isShortPlain(lines[i + 2])) || (lone(i - 1) && isShortPlain(lines[i - 2]));
}

/**
 * Splits lines into plain lines, text tables and metadata blocks. A run of consecutive lines holding "|"
 * is a table when it has two rows, or one row of three cells; otherwise its lines stay text.
 */
export function segmentLines(lines: string[]): LineSegment[] {
  const segments: LineSegment[] = [];
  let triedUntil = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (!PIPE.test(line) && !isBareCell(lines, i)) {
      // a run that is no table stays text; lines inside it need not be tried again (linear time)
      const paragraphs = i < triedUntil ? null : paragraphCellRun(lines, i);
      if (!paragraphs && i >= triedUntil) triedUntil = cellRun(lines, i)?.end ?? i;
      if (paragraphs) {
        segments.push({ kind: "table", rows: rowsOfCells(paragraphs.cells), source: "cell-per-line" });
        i = paragraphs.end;
        continue;
      }
      segments.push({ kind: "line", raw: line });
      i++;
      continue;
    }
    let j = i;
    const bare: boolean[] = [];
    while (j < lines.length) {
      const candidate = lines[j] ?? "";
      const isBare = isBareCell(lines, j);
      if (!PIPE.test(candidate) && !isBare) break;
      bare.push(isBare);
      j++;
    }
    const run = lines.slice(i, j);
    const table = runToTable(run, bare);
    const cells = table.rows.reduce((n, r) => n + r.length, 0);
    const meta = metaPairsOfRows(table.rows);
    if (meta) segments.push({ kind: "meta", pairs: meta });
    else if (table.rows.length >= 2 || cells >= 3) segments.push({ kind: "table", ...table });
    else for (const raw of run) segments.push({ kind: "line", raw });
    i = j;
  }
  return segments;
}

/** Collects a one-line metadata bar into `meta`; true when the line was one. */
export function takeMetaLine(raw: string, meta: Record<string, string>): boolean {
  const pairs = metaPairsOfLine(raw.trim());
  if (!pairs || pairs.length === 0) return false;
  addMeta(meta, pairs);
  return true;
}

/**
 * Text blocks holding "|"-flattened tables (杨凌-style pages) or tables left as one paragraph per cell
 * become table blocks like in plain text.
 */
export function liftTextTables(blocks: Block[], pageMeta: Record<string, string>): Block[] {
  const texts = blocks.flatMap((b) => (b.kind === "text" ? [b.raw] : []));
  if (!hasParagraphCells(texts) && !texts.some((raw) => /[|｜]/.test(raw))) return blocks;
  const out: Block[] = [];
  let run: string[] = [];
  const flushRun = () => {
    if (run.length === 0) return;
    for (const segment of segmentLines(run)) {
      if (segment.kind === "line") out.push({ kind: "text", text: segment.raw, raw: segment.raw });
      else if (segment.kind === "table")
        out.push({ kind: "table", rows: segment.rows, source: segment.source });
      else addMeta(pageMeta, segment.pairs);
    }
    run = [];
  };
  for (const block of blocks) {
    if (block.kind === "text") run.push(block.raw);
    else {
      flushRun();
      out.push(block);
    }
  }
  flushRun();
  return out;
}
