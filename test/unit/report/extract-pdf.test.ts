import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { A4, makePdf, makeReportPdf, textWidth } from "../../../infra/local/sites/pdf-writer.ts";
import type { Block } from "../../../shared/domain/report.ts";
import { extractPdf, PdfReadError } from "../../../shared/report/extract-pdf.ts";
import { type GeneratedTable, report2021 } from "../../fixtures/attachments/report-2021.ts";
import { expectReadingOrder } from "../../support/fixed-layout-reading.ts";
import { injectImage } from "../../support/scanned-pdf.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/attachments");

type TableBlock = Extract<Block, { kind: "table" }>;
const tablesOf = (blocks: Block[]): TableBlock[] => blocks.filter((b): b is TableBlock => b.kind === "table");
const textsOf = (blocks: Block[]): string[] => blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));

/** Share of expected cells found at exactly their row and column. */
function cellAccuracy(expected: string[][], got: string[][] | undefined): { exact: number; total: number } {
  let exact = 0;
  let total = 0;
  expected.forEach((row, r) => {
    row.forEach((cell, c) => {
      total++;
      if (got?.[r]?.[c] === cell) exact++;
    });
  });
  return { exact, total };
}

/** Rows holding at least one number: what the table parsers read values from. */
const numericRows = (rows: string[][]): string[][] => rows.filter((row) => row.some((c) => /^\d/.test(c)));

describe("extractPdf on a generated 2021-format report (ruled tables)", async () => {
  const { input, tables } = report2021(11);
  const bytes = makeReportPdf(input);
  const doc = await extractPdf(bytes);
  const got = tablesOf(doc.blocks);

  it("recovers the three tables as exact grids, every cell in its row and column", () => {
    expect(got.map((t) => t.source)).toEqual(["pdf", "pdf", "pdf"]);
    tables.forEach((table, i) => {
      expect(got[i]?.rows, table.name).toEqual(table.expected);
    });
  });

  it("keeps Table 3's 25 × 7 numbers distinct, with 1 | 0 | 10 | 100 | 1000 in adjacent cells", () => {
    const requests = got[1]?.rows ?? [];
    const values = numericRows(requests).map((row) => row.slice(-7));
    expect(values).toHaveLength(25);
    expect(values.flat().every((v) => /^\d+$/.test(v))).toBe(true);
    const joined = values.map((row) => row.join("|"));
    expect(joined.some((row) => row.includes("1|0|10|100|1000"))).toBe(true);
  });

  it("reads Table 4's single row of 15 numbers", () => {
    const review = got[2]?.rows ?? [];
    expect(review.at(-1)).toHaveLength(15);
    expect(review.at(-1)).toEqual(tables[2]?.expected.at(-1));
  });

  it("keeps headings and paragraphs in order, drops page numbers and the running header", () => {
    expectReadingOrder(doc, input.title);
  });

  it("joins hard-wrapped lines and closes the gap in '2023 年'", () => {
    const paragraph = textsOf(doc.blocks).find((t) => t.startsWith("本机关坚持"));
    expect(paragraph).toBe(input.paragraphs[2]?.replace(/ (?=年)|(?<=息) | (?=条)/g, ""));
  });
});

describe("extractPdf on a PDF written by LibreOffice", () => {
  it("recovers the tables exactly: embedded fonts, one rule per column, a row split by the page break", async () => {
    // report2021(3) written by makeDocx, converted once with LibreOffice 7.4 (writer_pdf_Export,
    // WenQuanYi Micro Hei): Table 3 runs over a page break that splits row "6.属于四类过程性信息".
    const file = path.join(fixtures, "report-2021-seed3-libreoffice.pdf");
    const doc = await extractPdf(readFileSync(file));
    const { input, tables } = report2021(3);
    expect(doc.title).toBe(input.title);
    const got = tablesOf(doc.blocks);
    expect(got).toHaveLength(3);
    tables.forEach((table, i) => {
      expect(got[i]?.rows, table.name).toEqual(table.expected);
    });
  });
});

describe("extractPdf accuracy over several generated reports", () => {
  it("is 100% on ruled tables and on the numbers of borderless tables", async () => {
    let exact = 0;
    let total = 0;
    for (const seed of [1, 2, 3, 4]) {
      for (const ruled of [true, false]) {
        const { input, tables } = report2021(seed, { ruled });
        const got = tablesOf((await extractPdf(makeReportPdf(input))).blocks);
        expect(got).toHaveLength(tables.length);
        tables.forEach((table: GeneratedTable, i) => {
          // Borderless tables cannot show merged cells; every number must still be read, in its row and order.
          const expected = ruled ? table.expected : numericRows(table.table.rows).map(numbersOnly);
          const rows = ruled ? got[i]?.rows : numericRows(got[i]?.rows ?? []).map(numbersOnly);
          const score = cellAccuracy(expected, rows);
          exact += score.exact;
          total += score.total;
        });
        if (!ruled) {
          // Table 3 has no merged number cells: its columns must be exact even without rules.
          const requests = numericRows(got[1]?.rows ?? []).map((row) => row.slice(-7));
          expect(requests).toEqual(numericRows(tables[1]?.expected ?? []).map((row) => row.slice(-7)));
        }
      }
    }
    console.info(`PDF cell accuracy: ${exact}/${total} = ${((100 * exact) / total).toFixed(2)}%`);
    expect(exact).toBe(total);
  });
});

const numbersOnly = (row: string[]): string[] => row.filter((c) => /^\d[\d,.]*$/.test(c));

describe("extractPdf hazards of SPEC §5.5.5", () => {
  it("never merges adjacent single digits and never splits a multi-digit number", async () => {
    const size = 9;
    const y = 700;
    const row = (labels: string[], x0: number, pitch: number, yy: number) =>
      labels.map((text, i) => ({ x: x0 + i * pitch - textWidth(text, size) / 2, y: yy, text, size }));
    // A borderless table with narrow columns: "1" and "0" are 2.5 glyph widths apart.
    const pdf = makePdf([
      {
        texts: [
          { x: 60, y: y, text: "项目", size },
          ...row(["甲", "乙", "丙", "丁"], 300, 16, y),
          { x: 60, y: y - 14, text: "第一行", size },
          ...row(["1", "0", "10", "100"], 300, 16, y - 14),
          { x: 60, y: y - 28, text: "第二行", size },
          ...row(["1000", "7", "0", "1"], 300, 24, y - 28),
        ],
      },
    ]);
    const [table] = tablesOf((await extractPdf(pdf)).blocks);
    expect(numericRows(table?.rows ?? []).map((r) => r.filter((c) => /^\d/.test(c)))).toEqual([
      ["1", "0", "10", "100"],
      ["1000", "7", "0", "1"],
    ]);
  });

  it("cuts a run drawn across a cell rule at the rule, so two ruled cells never fuse", async () => {
    const size = 9;
    // A 2 × 3 ruled grid; the second row's "1" and "0" come as one run "10" whose halves sit in two cells.
    const xs = [60, 160, 200, 240];
    const ys = [700, 680, 660];
    const lines = [
      ...xs.map((x) => ({ x1: x, y1: ys[0] ?? 0, x2: x, y2: ys[2] ?? 0 })),
      ...ys.map((y) => ({ x1: xs[0] ?? 0, y1: y, x2: xs[3] ?? 0, y2: y })),
    ];
    const texts = [
      { x: 64, y: 686, text: "甲", size },
      { x: 176, y: 686, text: "7", size },
      { x: 216, y: 686, text: "8", size },
      { x: 64, y: 666, text: "乙", size },
      { x: 200 - textWidth("1", size), y: 666, text: "10", size },
    ];
    const [table] = tablesOf(
      (
        await extractPdf(
          makePdf([
            { texts: [{ x: 60, y: 760, text: "表" }, { x: 60, y: 740, text: "说明文字" }, ...texts], lines },
          ]),
        )
      ).blocks,
    );
    expect(table?.rows).toEqual([
      ["甲", "7", "8"],
      ["乙", "1", "0"],
    ]);
  });

  it("stacks vertical header text (one character per line) back into labels", async () => {
    const size = 9;
    const columns = [300, 340, 380, 420];
    const header = ["结结其尚", "果果他未", "维纠结审", "持正果结"];
    const texts = header.flatMap((line, k) =>
      Array.from(line).map((ch, i) => ({
        x: (columns[i] ?? 0) - size / 2,
        y: 700 - k * size * 1.2,
        text: ch,
        size,
      })),
    );
    const values = ["5", "12", "0", "3"];
    const data = values.map((v, i) => ({
      x: (columns[i] ?? 0) - textWidth(v, size) / 2,
      y: 650,
      text: v,
      size,
    }));
    const more = values.map((v, i) => ({
      x: (columns[i] ?? 0) - textWidth(v, size) / 2,
      y: 636,
      text: v,
      size,
    }));
    const pdf = makePdf([
      {
        texts: [
          ...texts,
          ...data,
          { x: 60, y: 650, text: "甲", size },
          ...more,
          { x: 60, y: 636, text: "乙", size },
        ],
      },
    ]);
    const [table] = tablesOf((await extractPdf(pdf)).blocks);
    expect(table?.rows[0]?.slice(1)).toEqual(["结果维持", "结果纠正", "其他结果", "尚未审结"]);
    expect(table?.rows.slice(1)).toEqual([
      ["甲", ...values],
      ["乙", ...values],
    ]);
  });

  it("joins a table continued on the next page and drops the page number between", async () => {
    const rows = [
      ["项目", "数量", "金额"],
      ...Array.from({ length: 80 }, (_, i) => [`第${i + 1}项`, String(i * 3), String(i * 7)]),
    ];
    const pdf = makeReportPdf({
      title: "测试报告",
      paragraphs: ["说明"],
      tables: [{ afterParagraph: 0, rows, columnWeights: [2, 1, 1] }],
    });
    const doc = await extractPdf(pdf);
    const tables = tablesOf(doc.blocks);
    expect(tables).toHaveLength(1);
    expect(tables[0]?.rows).toEqual(rows);
  });

  it("turns an image-only page into an image block", async () => {
    const pdf = makePdf([{ texts: [] }]);
    // A page with no text layer and one image XObject.
    const withImage = injectImage(pdf);
    const doc = await extractPdf(withImage);
    expect(doc.blocks).toEqual([{ kind: "image", alt: "page 1" }]);
  });

  it("rejects bytes that are not a PDF with a PdfReadError", async () => {
    await expect(extractPdf(new TextEncoder().encode("<html>not a pdf</html>"))).rejects.toBeInstanceOf(
      PdfReadError,
    );
    await expect(extractPdf(new Uint8Array(0))).rejects.toMatchObject({ retryable: false });
  });

  it("leaves the caller's buffer usable (pdfjs must not detach it)", async () => {
    const bytes = makePdf([{ texts: [{ x: 60, y: 700, text: "正文" }] }]);
    await extractPdf(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(A4.width).toBe(595);
  });
});
