// Table 4 (行政复议、行政诉讼) from a normalised grid (SPEC §2.4, §5.5.2). The header is often truncated
// ("结果 | 结果 | 其他 | 尚未 | 总计") or split into single characters, so the table is read from its
// 15-value data row in template order; a three-row layout (one row of 5 per group) is accepted too.
import { REVIEW_COLUMNS, REVIEW_GROUPS, type ReviewColumn, type ReviewGroup } from "../../domain/keys.ts";
import type { Cell, ReviewTable } from "../../domain/report.ts";
import { parseCell } from "../cell.ts";
import { compactLabel, displayLabel, fitValues, hasNumber, readEntries } from "./labels.ts";

const WIDTH = REVIEW_GROUPS.length * REVIEW_COLUMNS.length;

export interface ReviewTableResult {
  table: ReviewTable | null;
  unknownLabels: string[];
}

function groupCells(values: string[]): Partial<Record<ReviewColumn, Cell>> {
  const cells: Partial<Record<ReviewColumn, Cell>> = {};
  REVIEW_COLUMNS.forEach((column, i) => {
    cells[column] = parseCell(values[i] ?? "");
  });
  return cells;
}

function emptyTable(): ReviewTable {
  return { review: {}, litigationDirect: {}, litigationAfterReview: {} };
}

/** Leading blanks beyond the width are padding cells, not values. */
function trimToWidth(values: string[]): string[] | null {
  let start = 0;
  let end = values.length;
  while (end - start > WIDTH && (values[end - 1] ?? "").trim() === "") end--;
  while (end - start > WIDTH && (values[start] ?? "").trim() === "") start++;
  if (end - start < WIDTH) return null;
  return values.slice(end - WIDTH, end);
}

function groupOfLabel(stem: string): ReviewGroup | undefined {
  if (/复议后起诉/.test(stem)) return "litigationAfterReview";
  if (/未经复议|直接起诉/.test(stem)) return "litigationDirect";
  if (/行政复议/.test(stem) && !/诉讼/.test(stem)) return "review";
  return undefined;
}

function fromGroupRows(entries: { labels: string[]; values: string[] }[]): ReviewTableResult {
  const table = emptyTable();
  const unknownLabels: string[] = [];
  const unlabelled: string[][] = [];
  let found = false;
  for (const entry of entries) {
    if (!hasNumber(entry.values)) continue;
    const leaf = entry.labels[entry.labels.length - 1] ?? "";
    // The group sits in brackets ("行政诉讼（复议后起诉）"), so match on the full compact label.
    const group = groupOfLabel(compactLabel(leaf)) ?? groupOfLabel(compactLabel(entry.labels.join("")));
    if (!group) {
      if (entry.values.length === REVIEW_COLUMNS.length) unlabelled.push(entry.values);
      unknownLabels.push(displayLabel(leaf || entry.values.join(" ")));
      continue;
    }
    if (Object.keys(table[group]).length > 0) continue;
    table[group] = groupCells(fitValues(entry.values, REVIEW_COLUMNS.length));
    found = true;
  }
  // three 5-column tables whose group names were printed as headings outside them: template order
  if (!found && unlabelled.length === REVIEW_GROUPS.length) {
    REVIEW_GROUPS.forEach((group, g) => {
      table[group] = groupCells(unlabelled[g] ?? []);
    });
    return { table, unknownLabels: [] };
  }
  return { table: found ? table : null, unknownLabels: found ? unknownLabels : [] };
}

/** Maps a Table 4 grid; null when no 15-value row (or three 5-value group rows) is present. */
export function parseReviewTable(grid: string[][]): ReviewTableResult {
  const entries = readEntries(grid);
  // Values in one run may continue on the next text line; a run already ends at the next label.
  for (const entry of entries) {
    const values = trimToWidth(entry.values);
    if (!values || !hasNumber(values)) continue;
    const table = emptyTable();
    REVIEW_GROUPS.forEach((group, g) => {
      table[group] = groupCells(values.slice(g * REVIEW_COLUMNS.length, (g + 1) * REVIEW_COLUMNS.length));
    });
    return { table, unknownLabels: [] };
  }
  // `|` text drops a row's trailing empty cells: a lone data row of 6…14 values is the 15-value row
  const numeric = entries.filter((entry) => hasNumber(entry.values));
  const only = numeric.length === 1 ? numeric[0] : undefined;
  if (only && only.values.length > REVIEW_COLUMNS.length && only.values.length < WIDTH) {
    const padded = [...only.values, ...Array<string>(WIDTH - only.values.length).fill("")];
    const table = emptyTable();
    REVIEW_GROUPS.forEach((group, g) => {
      table[group] = groupCells(padded.slice(g * REVIEW_COLUMNS.length, (g + 1) * REVIEW_COLUMNS.length));
    });
    return { table, unknownLabels: [] };
  }
  return fromGroupRows(entries);
}
