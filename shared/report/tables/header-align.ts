// Word tables often span a value cell over two grid columns where the header above it spans a different
// pair ("本年增/减" over columns 3–4, its value over 2–3). A true HTML grid repeats a spanned cell's text
// in every slot, so reading values in order would shift them. This re-expresses each data row of a
// rectangular grid in the column space of the header row above it: one value per header column.
import { cellRole } from "./labels.ts";

/** What a header cell is: the label column ("信息内容"), a named column key, or unknown. */
export type HeaderSlot = "label" | string | undefined;

const MAX_ROWS = 5_000;

/** Runs of identical adjacent texts: the slots one spanned cell may have filled. */
function runIds(row: string[]): number[] {
  const ids: number[] = [];
  let id = 0;
  row.forEach((cell, i) => {
    if (i > 0 && cell !== row[i - 1]) id++;
    ids.push(id);
  });
  return ids;
}

/**
 * The value under one header column: of the cells (runs) that overlap the column's slots, prefer one
 * lying wholly inside them (a neighbour's spill-over does not), a filled one over an empty one (a value
 * printed in the first slot, the rest left as empty cells), then the one covering most of them.
 */
function valueFor(row: string[], runs: number[], slots: number[]): string {
  let best: { text: string; score: number; overlap: number } | undefined;
  const seen = new Set<number>();
  for (const slot of slots) {
    const run = runs[slot] ?? -1;
    if (seen.has(run)) continue;
    seen.add(run);
    const members = runs.flatMap((r, i) => (r === run ? [i] : []));
    const overlap = members.filter((i) => slots.includes(i)).length;
    const text = row[slot] ?? "";
    const score = (overlap === members.length ? 2 : 0) + (text.trim() !== "" ? 1 : 0);
    if (!best || score > best.score || (score === best.score && overlap > best.overlap))
      best = { text, score, overlap };
  }
  return best?.text ?? "";
}

/**
 * Rows below a header row (as classified by `headerOf`) become [labels…, one value per header column].
 * Grids that are not rectangular (`|`-flattened text), rows without values, and rows under a header with
 * an unknown column are returned unchanged.
 */
export function alignToHeaders(
  grid: string[][],
  headerOf: (row: string[]) => HeaderSlot[] | null,
): string[][] {
  const width = grid[0]?.length ?? 0;
  if (width === 0 || grid.length > MAX_ROWS || grid.some((row) => row.length !== width)) return grid;
  let header: HeaderSlot[] | null = null;
  return grid.map((row) => {
    const slots = headerOf(row);
    if (slots) {
      header = slots.some((s) => s === undefined) ? null : slots;
      return row;
    }
    const current: HeaderSlot[] | null = header;
    if (!current || !row.some((cell) => cellRole(cell) === "value")) return row;
    const columns: string[] = [];
    for (const slot of current) if (slot !== "label" && slot && !columns.includes(slot)) columns.push(slot);
    const labels: string[] = [];
    current.forEach((slot, i) => {
      const cell = row[i] ?? "";
      if (slot === "label" && cell.trim() !== "" && labels[labels.length - 1] !== cell) labels.push(cell);
    });
    const runs = runIds(row);
    const values = columns.map((column) =>
      valueFor(
        row,
        runs,
        current.flatMap((slot, i) => (slot === column ? [i] : [])),
      ),
    );
    return [...labels, ...values];
  });
}
