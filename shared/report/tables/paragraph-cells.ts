// Tables whose cells arrive one per line with no separators at all (a page rendered to text cell by cell,
// often with a blank line between cells, as on 河包镇 2020): a long run of short cell-like lines, many of
// them numbers, carrying the tables' own labels. Section headings and sentences end the run.
import { cellRole } from "./labels.ts";

const MAX_CELL_CHARS = 80;
const MIN_CELLS = 12;
const MIN_VALUE_SHARE = 0.25;
const MAX_RUN_LINES = 20_000;
const PIPE = /[|｜]/;
const SECTION_HEADING = /^[一二三四五六七八九十]{1,2}[、.．]\S{0,30}(情况|事项|措施|概述|打算)[。.]?$/;
const TABLE_WORDS = /第二十条|信息内容|本年新收|申请人情况|结果维持|尚未审结|复议后起诉/;

/** A line that can be a table cell: short, no sentence punctuation outside brackets, not a heading. */
function isCellLike(line: string): boolean {
  const t = line.trim();
  if (t === "" || t.length > MAX_CELL_CHARS || PIPE.test(t) || SECTION_HEADING.test(t)) return false;
  const outside = t.replace(/[（(][^（()）]*[）)]/g, "");
  return !/[。；;，,：:！？!?]/.test(outside);
}

/**
 * The end (exclusive) of a paragraph-cell table starting at `start`, with its cells; null when the
 * lines there are not one. Blank lines inside the run are skipped (they separate cells, not rows).
 */
export function paragraphCellRun(lines: string[], start: number): { end: number; cells: string[] } | null {
  const run = cellRun(lines, start);
  return run && isTableRun(run.cells) ? run : null;
}

/** The run of cell-like lines from `start` (blank lines skipped), or null when `start` is not one. */
export function cellRun(lines: string[], start: number): { end: number; cells: string[] } | null {
  if (!isCellLike(lines[start] ?? "")) return null;
  const cells: string[] = [];
  let end = start;
  for (let i = start; i < lines.length && i - start < MAX_RUN_LINES; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    if (!isCellLike(line)) break;
    cells.push(line.trim());
    end = i + 1;
  }
  return { end, cells };
}

function isTableRun(cells: string[]): boolean {
  const values = cells.filter((c) => cellRole(c) === "value").length;
  if (cells.length < MIN_CELLS || values / cells.length < MIN_VALUE_SHARE) return false;
  return cells.some((c) => TABLE_WORDS.test(c.replace(/\s+/g, "")));
}

/** Whether any maximal run of cell-like lines is a table (one linear pass). */
export function hasParagraphCells(lines: string[]): boolean {
  for (let i = 0; i < lines.length; ) {
    const run = cellRun(lines, i);
    if (run && isTableRun(run.cells)) return true;
    i = run ? Math.max(run.end, i + 1) : i + 1;
  }
  return false;
}

/** Rows of a cell stream: a label after a value starts a new row (the row breaks were lost). */
export function rowsOfCells(cells: string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const cell of cells) {
    const last = row[row.length - 1];
    if (last !== undefined && cellRole(last) === "value" && cellRole(cell) === "label") {
      rows.push(row);
      row = [];
    }
    row.push(cell);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
