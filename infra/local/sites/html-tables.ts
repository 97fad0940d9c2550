// Renders Table 2/3/4 the way real CMS pages do: merged header cells (rowspan/colspan), labels from
// the one label table (shared/domain/keys.ts), and a plain-row form for the PDF writer.
import {
  PROACTIVE_2019,
  PROACTIVE_2021,
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_COLUMNS,
  REQUEST_ROW_LABELS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
} from "../../../shared/domain/keys.ts";
import type { CellValue, SampleTables } from "./table-data.ts";

const TABLE_OPEN =
  '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;text-align:center">';

function td(content: CellValue, attrs = ""): string {
  return `<td${attrs ? ` ${attrs}` : ""}><p style="text-align:center">${String(content)}</p></td>`;
}

/** 2019 labels differ from the 2021 ones (SPEC §3.6) only where the format itself differs. */
function proactiveRowLabel(row: string, format: SampleTables["format"]): string {
  if (format === "2019" && row === "normativeDocuments") return "规范性文件";
  return PROACTIVE_ROW_LABELS[row as keyof typeof PROACTIVE_ROW_LABELS];
}

const ARTICLE_20_BLOCKS: Record<SampleTables["format"], Array<{ item: string; rows: string[] }>> = {
  "2021": [
    { item: "（一）", rows: ["regulations", "normativeDocuments"] },
    { item: "（五）", rows: ["licensing"] },
    { item: "（六）", rows: ["punishment", "coercion"] },
    { item: "（八）", rows: ["fees"] },
  ],
  "2019": [
    { item: "（一）", rows: ["regulations", "normativeDocuments"] },
    { item: "（五）", rows: ["licensing", "otherServices"] },
    { item: "（六）", rows: ["punishment", "coercion"] },
    { item: "（八）", rows: ["fees"] },
    { item: "（九）", rows: ["procurement"] },
  ],
};

/** 2019 column headings that differ from the 2021 ones (SPEC §3.2). */
const COLUMN_LABELS_2019: Record<string, string> = { decisions: "处理决定数量", amount: "采购总金额" };

function proactiveColumnLabel(column: string, format: SampleTables["format"]): string {
  return (
    (format === "2019" ? COLUMN_LABELS_2019[column] : undefined) ?? PROACTIVE_COLUMN_LABELS[column] ?? column
  );
}

function proactiveColumns(row: string, format: SampleTables["format"]): readonly string[] {
  const layout = (format === "2021" ? PROACTIVE_2021 : PROACTIVE_2019) as Record<string, readonly string[]>;
  return layout[row] ?? [];
}

/** Table 2 as header/data rows (4 columns; single-value rows span the last three). */
export function proactiveRows(tables: SampleTables): Array<{ cells: CellValue[]; block?: boolean }> {
  const out: Array<{ cells: CellValue[]; block?: boolean }> = [];
  for (const block of ARTICLE_20_BLOCKS[tables.format]) {
    out.push({ cells: [`第二十条第${block.item}项`], block: true });
    const columns = proactiveColumns(block.rows[0]!, tables.format);
    out.push({ cells: ["信息内容", ...columns.map((c) => proactiveColumnLabel(c, tables.format))] });
    for (const row of block.rows) {
      const values = tables.proactive[row] ?? {};
      out.push({ cells: [proactiveRowLabel(row, tables.format), ...columns.map((c) => values[c] ?? "")] });
    }
  }
  return out;
}

export function renderProactiveTable(tables: SampleTables): string {
  const html: string[] = [TABLE_OPEN, "<tbody>"];
  for (const { cells, block } of proactiveRows(tables)) {
    if (block) {
      html.push(`<tr>${td(cells[0]!, 'colspan="4" style="background:#ddebf7"')}</tr>`);
      continue;
    }
    const [label, ...values] = cells;
    const spans =
      values.length === 1 ? ['colspan="3"'] : values.length === 2 ? ["", 'colspan="2"'] : ["", "", ""];
    html.push(`<tr>${td(label!)}${values.map((v, i) => td(v, spans[i] ?? "")).join("")}</tr>`);
  }
  html.push("</tbody></table>");
  return html.join("\n");
}

/** The group part and the leaf part of a Table 3 label ("（三）不予公开 1.属于国家秘密"). */
function splitRequestLabel(label: string): { group?: string; leaf: string } {
  const space = label.indexOf(" ");
  return space < 0 ? { leaf: label } : { group: label.slice(0, space), leaf: label.slice(space + 1) };
}

const RESULT_ROWS_LABEL = "三、本年度办理结果";
const BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

export function renderRequestsTable(tables: SampleTables): string {
  const rows = tables.format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const applicants = REQUEST_COLUMNS.slice(1, 6).map((c) => td(REQUEST_COLUMN_LABELS[c]));
  const html: string[] = [
    TABLE_OPEN,
    "<tbody>",
    `<tr>${td(BALANCE_NOTE, 'colspan="3" rowspan="3"')}${td("申请人情况", 'colspan="7"')}</tr>`,
    `<tr>${td(REQUEST_COLUMN_LABELS.naturalPerson, 'rowspan="2"')}${td("法人或其他组织", 'colspan="5"')}${td(
      REQUEST_COLUMN_LABELS.total,
      'rowspan="2"',
    )}</tr>`,
    `<tr>${applicants.join("")}</tr>`,
  ];
  const resultRows = rows.slice(2, rows.length - 1);
  const groupSizes = new Map<string, number>();
  for (const row of resultRows) {
    const { group } = splitRequestLabel(REQUEST_ROW_LABELS[row]);
    if (group) groupSizes.set(group, (groupSizes.get(group) ?? 0) + 1);
  }
  const openedGroups = new Set<string>();
  rows.forEach((row, index) => {
    const numbers = REQUEST_COLUMNS.map((c) => td(tables.requests[row]?.[c] ?? "")).join("");
    const label = REQUEST_ROW_LABELS[row];
    if (index < 2 || index === rows.length - 1) {
      html.push(`<tr>${td(label, 'colspan="3" style="text-align:left"')}${numbers}</tr>`);
      return;
    }
    const head = index === 2 ? td(RESULT_ROWS_LABEL, `rowspan="${resultRows.length}"`) : "";
    const { group, leaf } = splitRequestLabel(label);
    if (!group) {
      html.push(`<tr>${head}${td(leaf, 'colspan="2" style="text-align:left"')}${numbers}</tr>`);
      return;
    }
    const groupCell = openedGroups.has(group) ? "" : td(group, `rowspan="${groupSizes.get(group) ?? 1}"`);
    openedGroups.add(group);
    html.push(`<tr>${head}${groupCell}${td(leaf, 'style="text-align:left"')}${numbers}</tr>`);
  });
  html.push("</tbody></table>");
  return html.join("\n");
}

/** "行政诉讼（未经复议直接起诉）" → "未经复议直接起诉". */
function litigationSubgroup(label: string): string {
  return /（(.+)）/.exec(label)?.[1] ?? label;
}

export function renderReviewTable(tables: SampleTables): string {
  const columnHeads = REVIEW_COLUMNS.map((c) => td(REVIEW_COLUMN_LABELS[c]));
  const data = REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => td(tables.review[g][c])));
  return [
    TABLE_OPEN,
    "<tbody>",
    `<tr>${td(REVIEW_GROUP_LABELS.review, 'colspan="5"')}${td("行政诉讼", 'colspan="10"')}</tr>`,
    `<tr>${REVIEW_COLUMNS.map((c) => td(REVIEW_COLUMN_LABELS[c], 'rowspan="2"')).join("")}${td(
      litigationSubgroup(REVIEW_GROUP_LABELS.litigationDirect),
      'colspan="5"',
    )}${td(litigationSubgroup(REVIEW_GROUP_LABELS.litigationAfterReview), 'colspan="5"')}</tr>`,
    `<tr>${columnHeads.join("")}${columnHeads.join("")}</tr>`,
    `<tr>${data.join("")}</tr>`,
    "</tbody></table>",
  ].join("\n");
}

/** Table 3 and 4 as plain rows (header rows flattened) for the PDF writer. */
export function requestsPlainRows(tables: SampleTables): string[][] {
  const rows = tables.format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const header = ["申请人情况", ...REQUEST_COLUMNS.map((c) => REQUEST_COLUMN_LABELS[c])];
  return [
    header,
    ...rows.map((row) => [
      REQUEST_ROW_LABELS[row],
      ...REQUEST_COLUMNS.map((c) => String(tables.requests[row]?.[c] ?? "")),
    ]),
  ];
}

/** Table 4 for the PDF: one row per group (15 columns do not fit an A4 width). */
export function reviewPlainRows(tables: SampleTables): string[][] {
  return [
    ["", ...REVIEW_COLUMNS.map((c) => REVIEW_COLUMN_LABELS[c])],
    ...REVIEW_GROUPS.map((g) => [
      REVIEW_GROUP_LABELS[g],
      ...REVIEW_COLUMNS.map((c) => String(tables.review[g][c])),
    ]),
  ];
}
