// Recomputes the hard relations of SPEC §2.5 (H3.1–H3.3, H4.1–H4.3) straight from served HTML, with
// cheerio and a rowspan/colspan grid: an independent check of the sample sites' tables.
import * as cheerio from "cheerio";
import {
  REQUEST_COLUMNS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  REVIEW_GROUPS,
} from "../../shared/domain/keys.ts";

/** Expands rowspan/colspan into a rectangular grid of cell texts. */
function tableGrid($: cheerio.CheerioAPI, table: cheerio.Cheerio<never>): string[][] {
  const grid: string[][] = [];
  table.find("tr").each((r, tr) => {
    grid[r] ??= [];
    let c = 0;
    $(tr)
      .children("td,th")
      .each((_, cell) => {
        while (grid[r]![c] !== undefined) c++;
        const rowspan = Number($(cell).attr("rowspan") ?? 1);
        const colspan = Number($(cell).attr("colspan") ?? 1);
        for (let dr = 0; dr < rowspan; dr++) {
          grid[r + dr] ??= [];
          for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = $(cell).text().trim();
        }
        c += colspan;
      });
  });
  return grid;
}

export type Failure = { table: string; relation: string; row?: string; column?: string };
const num = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : 0);

/** Recomputes H3.1–H3.3 and H4.1–H4.3 (SPEC §2.5) from the served page. */
export function arithmeticFailures(html: string): Failure[] {
  const $ = cheerio.load(html);
  const failures: Failure[] = [];
  const requests = $("table").filter((_, t) => $(t).text().includes("勾稽关系"));
  if (requests.length > 0) {
    const rows = tableGrid($, requests.first() as never).filter((r) =>
      r.slice(-7).every((c) => /^\d+$/.test(c)),
    );
    const keys = rows.length === 25 ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
    if (rows.length !== keys.length) throw new Error(`Table 3 has ${rows.length} numeric rows`);
    const cell = (row: string, col: number) => num(rows[keys.indexOf(row as never)]!.slice(-7)[col]);
    keys.forEach((row, i) => {
      const values = rows[i]!.slice(-7).map(Number);
      if (values.slice(0, 6).reduce((a, b) => a + b, 0) !== values[6]) {
        failures.push({ table: "requests", relation: "row-total", row, column: "total" });
      }
    });
    REQUEST_COLUMNS.forEach((column, col) => {
      const leaves = keys.slice(2, keys.length - 2).reduce((sum, row) => sum + cell(row, col), 0);
      if (leaves !== cell("total", col))
        failures.push({ table: "requests", relation: "result-total", column });
      if (
        cell("newReceived", col) + cell("carriedOver", col) !==
        cell("total", col) + cell("carriedForward", col)
      ) {
        failures.push({ table: "requests", relation: "balance", column });
      }
    });
  }
  const review = $("table").filter((_, t) => $(t).text().includes("尚未审结"));
  if (review.length > 0) {
    const data = tableGrid($, review.first() as never).find(
      (r) => r.length === 15 && r.every((c) => /^\d+$/.test(c)),
    );
    if (!data) throw new Error("Table 4 has no 15-number data row");
    REVIEW_GROUPS.forEach((group, g) => {
      const [a, b, c, d, total] = data!.slice(g * 5, g * 5 + 5).map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      if (a + b + c + d !== total)
        failures.push({ table: "review", relation: "row-total", row: group, column: "total" });
    });
  }
  return failures;
}
