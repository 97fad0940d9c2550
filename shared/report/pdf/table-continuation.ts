// A table that runs over a page break: the next page's part is appended to the grid. Word-like
// producers may repeat the header rows, leave a merged cell's text on the first page only, and split
// one row's cells across the break ("37" at the foot of one page, "81" at the head of the next).
import { isNumericCell } from "./aligned-tables.ts";
import { joinWrapped } from "./lines.ts";

const isLabel = (cell: string | undefined): cell is string =>
  cell !== undefined && cell !== "" && !isNumericCell(cell);

/** Appends `next` (the part on the following page) to `rows`, in place. */
export function continueTable(rows: string[][], next: string[][], firstRowSpans: number[] = []): void {
  let skip = 0;
  while (skip < next.length && (next[skip] ?? []).join("\u0001") === (rows[skip] ?? []).join("\u0001"))
    skip++;
  const part = next.slice(skip).map((row) => [...row]);
  const last = rows[rows.length - 1];
  const first = part[0];
  if (last && first && skip === 0) {
    // A merged cell continued from the page before is empty here: it still holds the text above.
    first.forEach((cell, c) => {
      const span = firstRowSpans[c] ?? 1;
      const above = last[c];
      if (cell === "" && span > 1 && isLabel(above))
        for (let r = 0; r < span; r++) {
          const row = part[r];
          if (row) row[c] = above;
        }
    });
    // A row split by the break has no label of its own where the row above has one in a plain cell.
    const split =
      first.some((cell) => cell !== "") &&
      first.some((cell, c) => cell === "" && (firstRowSpans[c] ?? 1) === 1 && isLabel(last[c]));
    if (split) {
      first.forEach((cell, c) => {
        const above = last[c] ?? "";
        if (cell !== "" && cell !== above) last[c] = joinWrapped([above, cell]);
      });
      part.shift();
    }
  }
  rows.push(...part);
}
