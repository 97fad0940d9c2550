// The grid of a borderless table: number columns from where the numbers line up, label columns from
// where label text starts, header lines stacked per column, wrapped label lines joined to their row.
import type { Piece } from "./aligned-tables.ts";
import { joinWrapped } from "./lines.ts";
import type { Line } from "./page-model.ts";

export const ENUMERATED =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])/u;
const MAX_LABEL_COLUMNS = 4;

interface Column {
  x0: number;
  x1: number;
}

function numberColumns(pieces: Piece[]): Column[] {
  const columns: Column[] = [];
  for (const span of [...pieces].sort((a, b) => a.x0 - b.x0)) {
    const column = columns.find((c) => span.x0 <= c.x1 && span.x1 >= c.x0);
    if (column) {
      column.x0 = Math.min(column.x0, span.x0);
      column.x1 = Math.max(column.x1, span.x1);
    } else columns.push({ x0: span.x0, x1: span.x1 });
  }
  return columns.sort((a, b) => a.x0 - b.x0);
}

function labelColumns(starts: number[], tolerance: number): number[] {
  const edges: number[] = [];
  for (const x of [...starts].sort((a, b) => a - b)) {
    const last = edges[edges.length - 1];
    if (last === undefined || x - last > tolerance) edges.push(x);
  }
  return edges.slice(0, MAX_LABEL_COLUMNS);
}

function nearestColumn(columns: Column[], piece: Piece): number {
  const centre = (piece.x0 + piece.x1) / 2;
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  columns.forEach((c, i) => {
    const distance = centre < c.x0 ? c.x0 - centre : centre > c.x1 ? centre - c.x1 : 0;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

export function gridOf(
  lines: Line[],
  pieces: Piece[][],
  numeric: boolean[],
  header: number,
  first: number,
  end: number,
) {
  const dataNumbers = pieces
    .slice(first, end + 1)
    .flatMap((parts, k) => (numeric[first + k] ? parts.filter((p) => p.numeric) : []));
  const columns = numberColumns(dataNumbers);
  const labelEdge = (columns[0]?.x0 ?? 0) - 2;
  const isLabel = (p: Piece): boolean => p.x1 <= labelEdge || (!p.numeric && (p.x0 + p.x1) / 2 < labelEdge);
  const size = lines[first]?.size ?? 10;
  const labels = labelColumns(
    pieces.slice(header, end + 1).flatMap((parts) => parts.filter(isLabel).map((p) => p.x0)),
    size,
  );
  const labelCount = Math.max(1, labels.length);
  const width = labelCount + columns.length;
  const labelIndex = (p: Piece): number => {
    let index = 0;
    labels.forEach((edge, i) => {
      if (p.x0 >= edge - size / 2) index = i;
    });
    return index;
  };
  const place = (parts: Piece[], into: string[][]): boolean => {
    let inColumns = false;
    for (const piece of parts) {
      if (isLabel(piece)) {
        into[labelIndex(piece)]?.push(piece.text);
        continue;
      }
      inColumns = true;
      const centre = (piece: Column) => (piece.x0 + piece.x1) / 2;
      // A header spanning several columns belongs to each of them (a merged cell, resolved).
      const covered = columns.flatMap((c, i) =>
        !piece.numeric && piece.x0 <= centre(c) && piece.x1 >= centre(c) ? [i] : [],
      );
      if (covered.length > 1) for (const i of covered) into[labelCount + i]?.push(piece.text);
      else into[labelCount + nearestColumn(columns, piece)]?.push(piece.text);
    }
    return inColumns;
  };
  const empty = (): string[][] => Array.from({ length: width }, () => []);

  const out: string[][][] = [];
  let previousLine: Line | undefined;
  let singleCharRun = false;
  for (let k = header; k < first; k++) {
    const line = lines[k] as Line;
    const parts = pieces[k] ?? [];
    const cells = empty();
    place(parts, cells);
    const singles = parts.every((p) => Array.from(p.text).length === 1);
    const previous = out[out.length - 1];
    // Lines set at the line pitch are wrapped text inside one header row; vertical header text
    // (one character per line) likewise stacks back into one row.
    const tight = previousLine !== undefined && previousLine.y - line.y <= 1.5 * line.size;
    if (previous && (tight || (singles && singleCharRun))) {
      for (const [c, texts] of cells.entries()) previous[c]?.push(...texts);
    } else out.push(cells);
    singleCharRun = singles;
    previousLine = line;
  }

  const dataStart = out.length;
  let pending = empty();
  for (let k = first; k <= end; k++) {
    const line = lines[k] as Line;
    const parts = pieces[k] ?? [];
    const cells = empty();
    const inColumns = place(parts, cells);
    if (numeric[k] || inColumns || ENUMERATED.test(parts[0]?.text ?? "")) {
      for (const [c, texts] of pending.entries()) cells[c]?.unshift(...texts);
      pending = empty();
      out.push(cells);
      continue;
    }
    // A wrapped label line (set at the line pitch) belongs to the row above or below it; a label line
    // standing apart is a row of its own, like a group label or a sub-table caption.
    const pitch = 1.5 * line.size;
    const above = lines[k - 1];
    const below = k < end ? lines[k + 1] : undefined;
    if (above && above.y - line.y <= pitch && out.length > dataStart) {
      for (const [c, texts] of cells.entries()) out[out.length - 1]?.[c]?.push(...texts);
    } else if (below && line.y - below.y <= pitch) {
      for (const [c, texts] of cells.entries()) pending[c]?.push(...texts);
    } else {
      out.push(cells);
    }
  }
  const grid = out.map((cells) => cells.map((parts) => joinWrapped(parts)));
  const used = Array.from({ length: width }, (_, c) => grid.some((row) => row[c] !== ""));
  return grid.map((row) => row.filter((_, c) => used[c]));
}
