// Tables printed without rules: rows are lines holding numbers separated by clear gaps, columns are
// the x positions those numbers line up on. Every number is its own cell: two numbers are one only
// when their glyphs touch, so "1" and "0" in adjacent cells stay two cells and "10" stays one.

import { ENUMERATED, gridOf } from "./aligned-grid.ts";
import { CELL_GAP, joinTokens, TOUCH_GAP } from "./lines.ts";
import type { Line, Token } from "./page-model.ts";

const NUMERIC =
  /^(?:[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?:万元|元|件|个|次|项|人次)?|[-+]?[０-９]+|[/／—–－-]+)$/u;

export function isNumericCell(text: string): boolean {
  return text.length <= 24 && NUMERIC.test(text);
}

export interface Piece {
  text: string;
  x0: number;
  x1: number;
  numeric: boolean;
}

/** Splits a line into cells at wide gaps, and between two numbers at any visible gap. */
export function piecesOf(line: Line): Piece[] {
  const groups: Token[][] = [];
  for (const token of line.tokens) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const gap = last ? token.x - (last.x + last.width) : 0;
    const size = Math.min(last?.size ?? token.size, token.size);
    const bothNumeric = last !== undefined && isNumericCell(last.text) && isNumericCell(token.text);
    if (group && last && gap <= CELL_GAP * size && !(bothNumeric && gap > TOUCH_GAP * size))
      group.push(token);
    else groups.push([token]);
  }
  return groups.map((g) => {
    const text = joinTokens(g);
    const lastToken = g[g.length - 1];
    return {
      text,
      x0: g[0]?.x ?? 0,
      x1: lastToken ? lastToken.x + lastToken.width : 0,
      numeric: isNumericCell(text),
    };
  });
}

function isNumericRow(pieces: Piece[], line: Line): boolean {
  const first = pieces.findIndex((p) => p.numeric);
  if (first < 0) return false;
  const after = pieces.slice(first);
  const numericCount = after.filter((p) => p.numeric).length;
  if (numericCount >= 2) return numericCount * 2 >= after.length;
  // A single value counts only when it stands far right of its label, like a two-column table.
  const before = pieces[first - 1];
  const only = pieces[first];
  return (
    after.length === 1 && before !== undefined && only !== undefined && only.x0 - before.x1 > 3 * line.size
  );
}

export interface AlignedTable {
  /** Index range of the lines the table consumed (inclusive). */
  from: number;
  to: number;
  rows: string[][];
}

interface Extent {
  x0: number;
  x1: number;
}

/** A line belongs to a table when each piece is a label (left of the numbers) or sits over a number column. */
function fitsTable(parts: Piece[], labelEdge: number, spans: Extent[], size: number): boolean {
  return parts.every((p) => {
    const centre = (p.x0 + p.x1) / 2;
    if (p.x1 <= labelEdge + size || centre < labelEdge) return p.x1 <= labelEdge + 2 * size;
    return spans.some((s) => centre >= s.x0 - size && centre <= s.x1 + size);
  });
}

/** Finds tables among the lines of one page (in reading order). */
export function findAlignedTables(lines: Line[]): AlignedTable[] {
  const pieces = lines.map(piecesOf);
  const numeric = lines.map((line, i) => isNumericRow(pieces[i] ?? [], line));
  const tables: AlignedTable[] = [];
  let floor = 0;
  let i = 0;
  while (i < lines.length) {
    if (!numeric[i]) {
      i++;
      continue;
    }
    const spans: Extent[] = [];
    let labelEdge = Number.POSITIVE_INFINITY;
    const learn = (k: number): void => {
      for (const p of pieces[k] ?? [])
        if (p.numeric) {
          spans.push(p);
          labelEdge = Math.min(labelEdge, p.x0);
        }
    };
    learn(i);
    // Extend over numeric rows and the label / header lines between them.
    let end = i;
    for (let j = i + 1; j < lines.length && j - end <= 5; j++) {
      const previous = lines[j - 1];
      const line = lines[j];
      if (!previous || !line || previous.y - line.y > 3.2 * line.size) break;
      if (numeric[j]) {
        end = j;
        learn(j);
      } else if (!fitsTable(pieces[j] ?? [], labelEdge, spans, line.size)) break;
    }
    // A label wrapped below the last data row still belongs to it.
    while (end + 1 < lines.length) {
      const line = lines[end + 1];
      const previous = lines[end];
      if (!line || !previous || previous.y - line.y > 1.5 * line.size) break;
      if (!fitsTable(pieces[end + 1] ?? [], labelEdge, spans, line.size)) break;
      if ((pieces[end + 1] ?? []).some((p) => (p.x0 + p.x1) / 2 >= labelEdge)) break;
      end++;
    }
    const dataRows = numeric.slice(i, end + 1).filter(Boolean).length;
    // One row is a table only when it is wide, like Table 4's single row of 15 numbers.
    const wide = (pieces[i] ?? []).filter((p) => p.numeric).length >= 4;
    if (dataRows >= 2 || wide) {
      const headerStart = headerStartIndex(lines, pieces, numeric, i, floor);
      tables.push({ from: headerStart, to: end, rows: gridOf(lines, pieces, numeric, headerStart, i, end) });
      floor = end + 1;
    }
    i = end + 1;
  }
  return tables;
}

/** Header lines directly above the first data row: multi-cell lines or short lines, no paragraph text. */
function headerStartIndex(
  lines: Line[],
  pieces: Piece[][],
  numeric: boolean[],
  first: number,
  floor: number,
) {
  let start = first;
  for (let k = first - 1; k >= floor && first - k <= 8 && !numeric[k]; k--) {
    const line = lines[k];
    const below = lines[k + 1];
    const parts = pieces[k] ?? [];
    if (!line || !below || line.y - below.y > 2.6 * line.size) break;
    const short = parts.length === 1 && (parts[0]?.text.length ?? 0) <= 12;
    if (parts.length < 2 && !short) break;
    if (ENUMERATED.test(parts[0]?.text ?? "") && parts.length < 2) break;
    start = k;
  }
  return start;
}
