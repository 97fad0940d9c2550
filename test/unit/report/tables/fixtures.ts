// Builders for the hand-written table fixtures shared by the mapper tests.
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  REQUEST_ROW_LABELS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  type RequestRow,
} from "../../../../shared/domain/keys.ts";
import type { Block } from "../../../../shared/domain/report.ts";
import { normaliseLine } from "../../../../shared/text/normalise.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const seedPath = (name: string) => path.resolve(repoRoot, "../shared/seeds", name);

export function normaliseGrid(rows: string[][]): string[][] {
  return rows.map((row) => row.map(normaliseLine));
}

export function tableGrids(blocks: Block[]): string[][][] {
  return blocks.flatMap((b) => (b.kind === "table" ? [normaliseGrid(b.rows)] : []));
}

const td = (text: string | number, attrs = "") => `<td${attrs}>${text}</td>`;

/** Leaf label and group label of a Table 3 row as printed in the official template. */
function printed(row: RequestRow): { group?: string; leaf: string } {
  const label = REQUEST_ROW_LABELS[row];
  const space = label.indexOf(" ");
  return space < 0 ? { leaf: label } : { group: label.slice(0, space), leaf: label.slice(space + 1) };
}

/**
 * Table 3 as the official HTML template lays it out: a 3-row header with the note cell spanning 3×3,
 * "三、本年度办理结果" spanning all result rows, group cells spanning their leaves.
 * `values(row)` gives the 7 printed cells of a row.
 */
export function requestsHtml(
  format: "2021" | "2019",
  values: (row: RequestRow) => (string | number)[],
): string {
  const rows = format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const results = rows.filter((r) => r !== "newReceived" && r !== "carriedOver" && r !== "carriedForward");
  const html: string[] = [
    "<table border='1'>",
    `<tr>${td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", " rowspan='3' colspan='3'")}${td("申请人情况", " colspan='7'")}</tr>`,
    `<tr>${td("自然人", " rowspan='2'")}${td("法人或其他组织", " colspan='5'")}${td("总计", " rowspan='2'")}</tr>`,
    `<tr>${td("商业<br>企业")}${td("科研<br/>机构")}${td("社会公益组织")}${td("法律服务机构")}${td("其他")}</tr>`,
  ];
  let lastGroup: string | undefined;
  for (const row of rows) {
    const { group, leaf } = printed(row);
    const cells = values(row)
      .map((v) => td(v))
      .join("");
    let head = "";
    if (row === "newReceived" || row === "carriedOver" || row === "carriedForward")
      head = td(leaf, " colspan='3'");
    else {
      if (row === results[0]) head += td("三、本年度办理结果", ` rowspan='${results.length}'`);
      if (group && group !== lastGroup) {
        const size = results.filter((r) => printed(r).group === group).length;
        head += td(group, ` rowspan='${size}'`);
      }
      head += group ? td(leaf) : td(leaf, " colspan='2'");
    }
    lastGroup = group;
    html.push(`<tr>${head}${cells}</tr>`);
  }
  html.push("</table>");
  return html.join("\n");
}
