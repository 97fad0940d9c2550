// Table 3 (收到和处理政府信息公开申请情况) from a normalised grid to canonical keys (SPEC §2.3, §3.3, §7b).
// Rows are recognised by stems of their leaf label, with the group label (（三）不予公开 …) carried from
// the same entry or an earlier one; the 7 value cells are in template order (C1…C7).
import {
  REQUEST_COLUMNS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  type RequestColumn,
  type RequestRow,
} from "../../domain/keys.ts";
import type { Cell, RequestsTable } from "../../domain/report.ts";
import { parseCell } from "../cell.ts";
import {
  cellRole,
  compactLabel,
  displayLabel,
  type Entry,
  fitValues,
  hasNumber,
  labelStem,
  memoised,
  readEntries,
} from "./labels.ts";

type Group = "denied" | "unavailable" | "notProcessed" | "otherHandling";

const GROUP_STEMS: [Group, RegExp][] = [
  ["denied", /^不予公开$/],
  ["unavailable", /^无法提供$/],
  ["notProcessed", /^不予处理$/],
  ["otherHandling", /^其他处理$/],
];

/** Leaf stems in template order; `group` restricts ambiguous stems to their group. */
const ROW_STEMS: { row: RequestRow; stem: RegExp; group?: Group }[] = [
  { row: "newReceived", stem: /新收/ },
  { row: "carriedOver", stem: /上年(度)?结转/ },
  { row: "carriedForward", stem: /结转下(一)?年/ },
  { row: "granted", stem: /予以公开/ },
  { row: "partiallyGranted", stem: /部分公开/ },
  { row: "deniedStateSecret", stem: /国家秘密/ },
  { row: "deniedLawForbidden", stem: /法律行政法规禁止|法规禁止公开/ },
  { row: "deniedSecurityStability", stem: /三安全一稳定|危及/ },
  { row: "deniedThirdParty", stem: /第三方/ },
  { row: "deniedInternalAffairs", stem: /内部事务/ },
  { row: "deniedProcessInfo", stem: /过程性/ },
  { row: "deniedEnforcementFile", stem: /执法案卷/ },
  { row: "deniedQueryMatter", stem: /行政查询/ },
  { row: "unavailableNotHeld", stem: /不掌握/ },
  { row: "unavailableNeedsCreation", stem: /另行制作|没有现成/ },
  { row: "unavailableUnclear", stem: /仍不明确|补正后/ },
  { row: "notProcessedComplaint", stem: /信访|举报|投诉/ },
  { row: "notProcessedDuplicate", stem: /重复申请/ },
  { row: "notProcessedPublication", stem: /出版物/ },
  { row: "notProcessedMassRepeat", stem: /大量反复/ },
  { row: "notProcessedConfirmation", stem: /确认|重新出具/ },
  { row: "otherNoCorrection", stem: /不补正/ },
  { row: "otherUnpaidFee", stem: /缴纳费用|收费通知|缴费/ },
  { row: "otherOther", stem: /^其他(情形)?$/, group: "otherHandling" },
  { row: "total", stem: /^(总计|合计)$/ },
];

const RESULTS_GROUP = /办理结果/;
const TOP_LEVEL = /^[一二三四五六七八九十]{1,3}、/;

const groupOf = memoised(
  (stem: string): Group | undefined => GROUP_STEMS.find(([, pattern]) => pattern.test(stem))?.[0],
);

function rowOfUncached(stem: string, group: Group | undefined): RequestRow | undefined {
  return ROW_STEMS.find((r) => r.stem.test(stem) && (r.group === undefined || r.group === group))?.row;
}

/** rowOfUncached remembered per group context (stems repeat within and across tables). */
const rowOfInGroup = new Map<Group | undefined, (stem: string) => RequestRow | undefined>();

function rowOf(stem: string, group: Group | undefined): RequestRow | undefined {
  let lookup = rowOfInGroup.get(group);
  if (!lookup) {
    lookup = memoised((text: string) => rowOfUncached(text, group));
    rowOfInGroup.set(group, lookup);
  }
  return lookup(stem);
}

function cellsOf(values: string[]): Partial<Record<RequestColumn, Cell>> {
  const fitted = fitValues(values, REQUEST_COLUMNS.length);
  const cells: Partial<Record<RequestColumn, Cell>> = {};
  REQUEST_COLUMNS.forEach((column, i) => {
    cells[column] = parseCell(fitted[i] ?? "");
  });
  return cells;
}

const COLUMN_STEMS: [RequestColumn, RegExp][] = [
  ["naturalPerson", /^自然人$/],
  ["commercial", /商业企业/],
  ["research", /科研机构/],
  ["nonprofit", /公益组织/],
  ["legalService", /法律服务/],
  ["otherOrg", /^其他(组织)?$/],
  ["total", /^(总计|合计)$/],
];

/**
 * A merged group cell and its leaf can arrive as one label ("（六）其他处理 3.其他" from a PDF or a
 * flattened page): split it so the leaf is matched on its own, as if the cells had been separate.
 */
function splitGroupAndLeaf(label: string): string[] {
  const m = /^\s*([（(][一二三四五六七八九十][）)]\s*\S+?)\s+(\d{1,2}\s*[.．、].+)$/.exec(label);
  return m?.[1] && m[2] && groupOf(labelStem(m[1])) ? [m[1], m[2]] : [label];
}

/**
 * In a rectangular (HTML) grid, the grid index of each of the 7 columns, read from the lowest header
 * cell above the first value; null unless all 7 are found. Lets an extra or reordered column not shift
 * the values.
 */
function headerColumns(grid: string[][]): number[] | null {
  const width = grid[0]?.length ?? 0;
  if (width < REQUEST_COLUMNS.length || grid.some((row) => row.length !== width)) return null;
  const firstData = grid.findIndex((row) => row.some((cell) => cellRole(cell) === "value"));
  if (firstData <= 0) return null;
  const found = new Map<RequestColumn, number>();
  for (let c = 0; c < width; c++) {
    let leaf = "";
    for (let r = firstData - 1; r >= 0 && leaf === ""; r--) leaf = compactLabel(grid[r]?.[c] ?? "");
    const column = COLUMN_STEMS.find(([, stem]) => stem.test(leaf))?.[0];
    if (column && !found.has(column)) found.set(column, c);
  }
  const indices = REQUEST_COLUMNS.map((column) => found.get(column));
  return indices.every((i) => i !== undefined) ? (indices as number[]) : null;
}

/** One entry per data row, values taken from the header-mapped columns. */
function positionalEntries(grid: string[][], indices: number[]): Entry[] {
  // Labels sit left of the value columns; anything right of them (备注 …) is not part of the table.
  const labelEnd = Math.min(...indices);
  const firstData = grid.findIndex((row) => row.some((cell) => cellRole(cell) === "value"));
  const entries: Entry[] = [];
  for (const row of grid.slice(Math.max(0, firstData))) {
    const labels: string[] = [];
    row.forEach((cell, c) => {
      if (c < labelEnd && cell.trim() !== "" && labels[labels.length - 1] !== cell) labels.push(cell);
    });
    const values = indices.map((c) => row[c] ?? "");
    // A group row whose label spans the value columns carries no values.
    if (!values.some((v) => cellRole(v) === "value")) {
      for (const v of values) if (v.trim() !== "" && labels[labels.length - 1] !== v) labels.push(v);
      entries.push({ labels, values: values.map(() => "") });
    } else entries.push({ labels, values });
  }
  return entries;
}

const OTHER_SUBROWS: RequestRow[] = ["otherNoCorrection", "otherUnpaidFee", "otherOther"];

/** Rows in the printed template's order (then any of the other format's), whatever order they were read in. */
function inTemplateOrder(
  cells: RequestsTable["cells"],
  format: RequestsTable["format"],
): RequestsTable["cells"] {
  const order: readonly RequestRow[] = [
    ...(format === "2019" ? REQUEST_ROWS_2019 : REQUEST_ROWS_2021),
    ...(format === "2019" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019),
  ];
  const ordered: RequestsTable["cells"] = {};
  for (const row of order) {
    const value = cells[row];
    if (value && !ordered[row]) ordered[row] = value;
  }
  return ordered;
}

export interface RequestsTableResult {
  table: RequestsTable | null;
  /** Labels of rows that carry values but match no canonical row (never guessed). */
  unknownLabels: string[];
}

/**
 * Maps a Table 3 grid (2021: 25 rows, 2019: 23 rows). Accepts true grids, ragged `|` rows and
 * cell-per-line streams alike (see readEntries). Printed subtotal rows of （三）…（六） go to `subtotals`;
 * a lone （六）其他处理 row with values and no sub-rows is the 2019 `otherHandling` row.
 */
export function parseRequestsTable(grid: string[][]): RequestsTableResult {
  const cells: RequestsTable["cells"] = {};
  const groupRows: Partial<Record<Group, { label: string; cells: Partial<Record<RequestColumn, Cell>> }>> =
    {};
  const unknownLabels: string[] = [];
  let group: Group | undefined;

  const blankRows = new Set<RequestRow>();
  let blankOtherHandling: string | undefined;
  let lastRow: RequestRow | undefined;

  const indices = headerColumns(grid);
  const entries = indices ? positionalEntries(grid, indices) : readEntries(grid);
  for (const raw of entries) {
    const entry = { ...raw, labels: raw.labels.flatMap(splitGroupAndLeaf) };
    for (const label of entry.labels.slice(0, -1)) {
      const stem = labelStem(label);
      if (RESULTS_GROUP.test(stem) || TOP_LEVEL.test(label.trim())) group = undefined;
      const labelGroup = groupOf(stem);
      if (labelGroup === "otherHandling") blankOtherHandling ??= label;
      group = labelGroup ?? group;
      // `|` text drops a row's empty cells, so a blank row is left as a bare label before the next one
      const bare = labelGroup ? undefined : rowOf(stem, group);
      if (bare && bare !== "total") blankRows.add(bare);
    }
    const leafLabel = entry.labels[entry.labels.length - 1] ?? "";
    const leaf = labelStem(leafLabel);
    // All-blank runs are header fillers, group rows without cells or rows left blank: they set the
    // context, and a recognised row is remembered as blank (a later row with numbers wins).
    if (!hasNumber(entry.values)) {
      const blankGroup = groupOf(leaf);
      group = blankGroup ?? (RESULTS_GROUP.test(leaf) ? undefined : group);
      if (blankGroup === "otherHandling" && entry.values.length > 0) blankOtherHandling = leafLabel;
      const blankRow = blankGroup ? undefined : rowOf(leaf, group);
      if (blankRow && entry.values.length > 0) blankRows.add(blankRow);
      continue;
    }
    // a printed "小计" row under a group label is that group's subtotal row
    const leafGroup =
      groupOf(leaf) ?? (group && /^小计$/.test(leaf) && entry.labels.length > 1 ? group : undefined);
    if (leafGroup) {
      group = leafGroup;
      if (!groupRows[leafGroup]) groupRows[leafGroup] = { label: leafLabel, cells: cellsOf(entry.values) };
      else unknownLabels.push(displayLabel(leafLabel));
      continue;
    }
    // "3.其他" right after the other* rows is otherOther even when a repeated header lost the group
    const row =
      rowOf(leaf, group) ??
      (lastRow?.startsWith("other") && /^其他(情形)?$/.test(leaf) ? "otherOther" : undefined);
    if (!row) {
      // a row of dashes under a stray header carries nothing to check
      if (entry.values.some((v) => parseCell(v).kind === "number"))
        unknownLabels.push(displayLabel(leafLabel || entry.values.join(" ")));
      continue;
    }
    lastRow = row;
    if (!/^(denied|unavailable|notProcessed|other)/.test(row)) group = undefined;
    if (cells[row]) {
      unknownLabels.push(displayLabel(leafLabel));
      continue;
    }
    cells[row] = cellsOf(entry.values);
  }

  const subtotals: RequestsTable["subtotals"] = {};
  let format: RequestsTable["format"] = "2021";
  for (const [key, printed] of Object.entries(groupRows) as [
    Group,
    { cells: RequestsTable["subtotals"][string] },
  ][]) {
    if (key === "otherHandling" && !OTHER_SUBROWS.some((r) => cells[r])) {
      cells.otherHandling = printed.cells ?? {};
      format = "2019";
    } else {
      subtotals[key] = printed.cells ?? {};
    }
  }
  if (Object.keys(cells).length === 0) return { table: null, unknownLabels };
  // a 2019 table whose lone （六）其他处理 row is blank is still a 2019 table
  const otherSubrowsSeen =
    OTHER_SUBROWS.some((r) => cells[r] || blankRows.has(r)) ||
    grid.some((row) => row.some((cell) => /逾期不补正|收费通知|缴纳费用/.test(compactLabel(cell))));
  if (
    format === "2021" &&
    blankOtherHandling !== undefined &&
    !otherSubrowsSeen &&
    !groupRows.otherHandling
  ) {
    format = "2019";
    cells.otherHandling = cellsOf([]);
  }
  for (const row of blankRows) if (!cells[row]) cells[row] = cellsOf([]);
  return { table: { format, cells: inTemplateOrder(cells, format), subtotals }, unknownLabels };
}
