// Table 2 (主动公开政府信息情况) from a normalised grid (SPEC §2.2, §3.2, §7b). The table is a series of
// sub-blocks ("第二十条第（一）项"), each with a "信息内容 | …" header row naming the columns of the rows
// below it; `|`-flattened pages print it as several fragments, which may arrive concatenated.
import { PROACTIVE_2019, PROACTIVE_2021, type ProactiveRow } from "../../domain/keys.ts";
import type { Cell, ProactiveTable } from "../../domain/report.ts";
import { parseCell, toTenThousandYuan } from "../cell.ts";
import { alignToHeaders, type HeaderSlot } from "./header-align.ts";
import {
  cellRole,
  compactLabel,
  displayLabel,
  hasNumber,
  labelStem,
  memoised,
  readEntries,
} from "./labels.ts";

/** Column stems, checked before row stems ("本年收费金额" is a column, "行政事业性收费" a row). */
const COLUMN_STEMS: [string, RegExp][] = [
  ["issued", /制发/],
  ["repealed", /废止/],
  ["inForce", /现行有效/],
  ["decisions", /处理决定/],
  ["projects", /采购项目/],
  ["amount", /收费金额|采购总金额|采购金额/],
  ["newlyMade", /新制作/],
  ["newlyPublished", /新公开/],
  ["totalPublished", /对外公开总|公开总数|^对外公开$/],
  ["previousItems", /上一?年(度)?项目|^上一年$/],
  ["change", /增\/?减|增加\/?减少|^本年$/],
  // a two-line header cell cut to its first line ("采购总<br>金额" → "采购总")
  ["amount", /^采购总$/],
];

/** "本年新<br>制作数量" and "本年新<br>公开数量" cut to their first line: both columns, in template order. */
const TRUNCATED_NEW = /^本年新$/;

const ROW_STEMS: [ProactiveRow, RegExp][] = [
  ["normativeDocuments", /规范性(文件|档案)?/],
  ["regulations", /规章/],
  ["otherServices", /其他对外管理|对外管理服务/],
  ["licensing", /行政许可/],
  ["punishment", /行政处罚/],
  ["coercion", /行政强制/],
  ["fees", /事业性收费|行政收费/],
  ["procurement", /集中采购|政府采购/],
];

const FORMAT_2019_COLUMNS = new Set([
  "newlyMade",
  "newlyPublished",
  "totalPublished",
  "previousItems",
  "change",
  "projects",
]);

const columnOf = memoised((label: string): string | undefined => {
  const compact = compactLabel(label);
  return COLUMN_STEMS.find(([, stem]) => stem.test(compact))?.[0];
});

const rowOf = memoised((label: string): ProactiveRow | undefined => {
  const stem = labelStem(label);
  return ROW_STEMS.find(([, pattern]) => pattern.test(stem))?.[0];
});

function specColumns(format: ProactiveTable["format"], row: ProactiveRow): readonly string[] {
  const primary = format === "2019" ? PROACTIVE_2019 : PROACTIVE_2021;
  const secondary = format === "2019" ? PROACTIVE_2021 : PROACTIVE_2019;
  return (
    (primary as Record<string, readonly string[]>)[row] ??
    (secondary as Record<string, readonly string[]>)[row] ??
    []
  );
}

function allowedColumns(row: ProactiveRow): Set<string> {
  return new Set([...specColumns("2021", row), ...specColumns("2019", row)]);
}

function detectFormat(grid: string[][]): ProactiveTable["format"] {
  for (const row of grid) {
    for (const cell of row) {
      const column = columnOf(cell);
      if (column && FORMAT_2019_COLUMNS.has(column)) return "2019";
      const r = rowOf(cell);
      if (r === "otherServices" || r === "procurement") return "2019";
    }
  }
  return "2021";
}

/** A sub-block header row ("信息内容 | 本年制发件数 | …") as slots; null for any other row. */
function headerSlots(row: string[]): HeaderSlot[] | null {
  const isHeader =
    row.some((cell) => /^信息内容/.test(compactLabel(cell))) ||
    (row.some((cell) => columnOf(cell) !== undefined) && !row.some((cell) => cellRole(cell) === "value"));
  if (!isHeader) return null;
  let truncated = 0;
  return row.map((cell, i) => {
    const compact = compactLabel(cell);
    if (/^信息内容/.test(compact)) return "label";
    if (!TRUNCATED_NEW.test(compact)) return columnOf(cell);
    if (i > 0 && row[i - 1] !== cell) truncated++;
    return truncated <= 1 ? "newlyMade" : "newlyPublished";
  });
}

export interface ProactiveTableResult {
  table: ProactiveTable | null;
  unknownLabels: string[];
}

/** Maps a Table 2 grid (2021: 10 cells; 2019: 22 cells); header rows define the columns of the rows below. */
export function parseProactiveTable(grid: string[][]): ProactiveTableResult {
  const format = detectFormat(grid);
  const cells: ProactiveTable["cells"] = {};
  const unknownLabels: string[] = [];
  const blankRows = new Map<ProactiveRow, readonly string[]>();
  let columns: string[] = [];
  /** The header's columns when they fit the row, else the template's. */
  const rowColumnsFor = (row: ProactiveRow, header: string[]): readonly string[] => {
    const allowed = allowedColumns(row);
    const usable = header.length > 0 && header.every((c) => allowed.has(c));
    return usable ? [...header] : specColumns(format, row);
  };

  for (const entry of readEntries(alignToHeaders(grid, headerSlots))) {
    let inHeader = false;
    const labels = entry.labels;
    for (const [i, label] of labels.entries()) {
      const isLast = i === labels.length - 1;
      const compact = compactLabel(label);
      if (/^信息内容/.test(compact)) {
        columns = [];
        inHeader = true;
        continue;
      }
      if (TRUNCATED_NEW.test(compact)) {
        if (!inHeader) columns = [];
        for (const c of ["newlyMade", "newlyPublished"]) if (!columns.includes(c)) columns.push(c);
        inHeader = true;
        continue;
      }
      const column = columnOf(label);
      if (column && !(isLast && rowOf(label))) {
        if (!inHeader) columns = [];
        if (columns[columns.length - 1] !== column) columns.push(column);
        inHeader = true;
        continue;
      }
      if (isLast || /第二十条/.test(compact) || rowOf(label)) {
        // `|` text drops a blank row's empty cells, leaving its label before the next one
        const bare = !isLast && !column ? rowOf(label) : undefined;
        if (bare) blankRows.set(bare, rowColumnsFor(bare, columns));
        inHeader = false;
        continue;
      }
      if (inHeader) unknownLabels.push(displayLabel(label));
    }
    if (!hasNumber(entry.values)) {
      const leafRow = rowOf(labels[labels.length - 1] ?? "");
      if (leafRow && entry.values.length > 0) blankRows.set(leafRow, rowColumnsFor(leafRow, columns));
      continue;
    }

    const leaf = labels[labels.length - 1] ?? "";
    const row = rowOf(leaf);
    if (!row || columnOf(leaf)) {
      unknownLabels.push(displayLabel(leaf || entry.values.join(" ")));
      continue;
    }
    if (cells[row]) {
      unknownLabels.push(displayLabel(leaf));
      continue;
    }
    const rowColumns = rowColumnsFor(row, columns);
    const rowCells: Partial<Record<string, Cell>> = {};
    rowColumns.forEach((column, i) => {
      const cell = parseCell(entry.values[i] ?? "");
      rowCells[column] =
        format === "2021" && row === "fees" && column === "amount" ? toTenThousandYuan(cell) : cell;
    });
    cells[row] = rowCells;
  }
  if (Object.keys(cells).length === 0) return { table: null, unknownLabels };
  // a row printed blank is a row of blank cells, not a missing row
  for (const [row, rowColumns] of blankRows) {
    if (!cells[row]) cells[row] = Object.fromEntries(rowColumns.map((c) => [c, parseCell("")]));
  }
  const order = [...Object.keys(format === "2019" ? PROACTIVE_2019 : PROACTIVE_2021), ...Object.keys(cells)];
  const ordered: ProactiveTable["cells"] = {};
  for (const row of order as ProactiveRow[]) if (cells[row] && !ordered[row]) ordered[row] = cells[row];
  return { table: { format, cells: ordered }, unknownLabels };
}
