// A tiny PDF writer for fixtures and sample sites: Chinese text with the non-embedded Adobe-GB1
// font STSong-Light (UniGB-UCS2-H, text as hex UCS-2) so pdfjs can map it back to Unicode, plus
// line segments for table rules. No dependencies beyond Node.

export interface PdfTextItem {
  x: number;
  /** Baseline, from the bottom of the page (PDF user space). */
  y: number;
  text: string;
  size?: number;
}
export interface PdfLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export interface PdfPage {
  texts: PdfTextItem[];
  lines?: PdfLine[];
  /** Defaults to A4 portrait (595 × 842 pt). */
  width?: number;
  height?: number;
}

export const A4 = { width: 595, height: 842 } as const;
export const DEFAULT_FONT_SIZE = 10.5;

/** Width in points of `text` at `size`: ASCII is half-width (matches the /W entry below), the rest full. */
export function textWidth(text: string, size = DEFAULT_FONT_SIZE): number {
  let units = 0;
  for (const ch of text) units += isHalfWidth(ch) ? 500 : 1000;
  return (units / 1000) * size;
}

function isHalfWidth(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x20 && code <= 0x7e;
}

function toUcs2Hex(text: string): string {
  let hex = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    // Outside the BMP UCS-2 has no code; a "?" keeps positions stable.
    hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, "0");
  }
  return hex;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function pageContent(page: PdfPage): string {
  const ops: string[] = [];
  if (page.lines && page.lines.length > 0) {
    ops.push("0.6 w");
    for (const l of page.lines) ops.push(`${num(l.x1)} ${num(l.y1)} m ${num(l.x2)} ${num(l.y2)} l S`);
  }
  for (const t of page.texts) {
    if (t.text.length === 0) continue;
    ops.push(
      `BT /F1 ${num(t.size ?? DEFAULT_FONT_SIZE)} Tf ${num(t.x)} ${num(t.y)} Td <${toUcs2Hex(t.text)}> Tj ET`,
    );
  }
  return ops.join("\n");
}

/** Serialises pages into a complete PDF 1.4 file with a correct cross-reference table. */
export function makePdf(pages: PdfPage[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(""); // filled in once the page tree number is known
  const pagesObj = add("");
  // ASCII CIDs 1…95 of Adobe-GB1 are proportional; give them half width so layout and extraction agree.
  const halfWidths = Array.from({ length: 95 }, () => "500").join(" ");
  const cidFont = add(
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light " +
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> " +
      `/FontDescriptor ${objects.length + 3} 0 R /DW 1000 /W [1 [${halfWidths}]] >>`,
  );
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`,
  );
  add(
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] " +
      "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  );
  const pageIds: number[] = [];
  for (const page of pages) {
    const content = Buffer.from(pageContent(page), "latin1");
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content.toString("latin1")}\nendstream`);
    const width = page.width ?? A4.width;
    const height = page.height ?? A4.height;
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${num(width)} ${num(height)}] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;

  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

// ---- report layout ----------------------------------------------------------------------------

export interface ReportTable {
  /** 0-based index of the paragraph the table follows (-1: before the first paragraph). */
  afterParagraph: number;
  rows: string[][];
  /** Relative column widths; default: a wide first (label) column and equal numeric columns. */
  columnWeights?: number[];
  /** Draw the cell borders (default true); false gives a borderless table, aligned by position only. */
  ruled?: boolean;
  /** Merged cells: the anchor's text fills the box, the covered cells' texts are ignored. */
  merges?: CellMerge[];
  pageBreakBefore?: boolean;
}
export interface CellMerge {
  row: number;
  col: number;
  rowSpan?: number;
  colSpan?: number;
}

/** For every slot, the "row:col" of the cell that owns it (itself unless covered by a merge). */
function mergeOwners(table: ReportTable, columns: number): string[][] {
  const owner = table.rows.map((_, r) => Array.from({ length: columns }, (_, c) => `${r}:${c}`));
  for (const m of table.merges ?? [])
    for (let r = m.row; r < m.row + (m.rowSpan ?? 1); r++)
      for (let c = m.col; c < m.col + (m.colSpan ?? 1); c++) {
        const slots = owner[r];
        if (slots) slots[c] = `${m.row}:${m.col}`;
      }
  return owner;
}

/** The grid a reader should recover: every slot of a merged cell holds the anchor's text. */
export function resolveMerges(rows: string[][], merges: CellMerge[] = []): string[][] {
  const grid = rows.map((row) => [...row]);
  for (const m of merges)
    for (let r = m.row; r < m.row + (m.rowSpan ?? 1); r++)
      for (let c = m.col; c < m.col + (m.colSpan ?? 1); c++) {
        const target = grid[r];
        if (target) target[c] = rows[m.row]?.[m.col] ?? "";
      }
  return grid;
}
export interface ReportPdfInput {
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
  /** Print "- n -" page numbers at the foot of each page (default true). */
  pageNumbers?: boolean;
  /** A running header repeated on every page. */
  runningHeader?: string;
}

const MARGIN = 56;
const BODY_SIZE = DEFAULT_FONT_SIZE;
const LINE_GAP = 1.6;
const CELL_SIZE = 9;
const CELL_PAD = 3;

/** Breaks text into lines no wider than `width`, never inside a run of ASCII digits/letters. */
export function wrapText(text: string, width: number, size: number): string[] {
  const tokens = text.match(/[A-Za-z0-9.,%+-]+|[\s\S]/gu) ?? [];
  const lines: string[] = [];
  let current = "";
  for (const token of tokens) {
    if (current.length > 0 && textWidth(current + token, size) > width) {
      lines.push(current);
      current = token.trim().length === 0 ? "" : token;
    } else current += token;
  }
  if (current.length > 0 || lines.length === 0) lines.push(current);
  return lines;
}

/** Lays out a Chinese report (title, indented paragraphs, ruled tables) over as many A4 pages as needed. */
export function makeReportPdf(input: ReportPdfInput): Uint8Array {
  return makePdf(layoutReport(input));
}

/** The report's pages as positioned text and rules (PDF points, y up): printed as PDF, or as OFD. */
export function layoutReport(input: ReportPdfInput): PdfPage[] {
  const pages: PdfPage[] = [];
  let page: PdfPage = { texts: [], lines: [] };
  let y = A4.height - MARGIN;
  const bottom = MARGIN + 20;
  const contentWidth = A4.width - 2 * MARGIN;
  const newPage = (): void => {
    pages.push(page);
    page = { texts: [], lines: [] };
    y = A4.height - MARGIN;
  };
  const ensure = (height: number): void => {
    if (y - height < bottom) newPage();
  };

  const titleSize = 16;
  for (const line of wrapText(input.title, contentWidth, titleSize)) {
    y -= titleSize * LINE_GAP;
    page.texts.push({ x: (A4.width - textWidth(line, titleSize)) / 2, y, text: line, size: titleSize });
  }
  y -= BODY_SIZE;

  const drawTable = (table: ReportTable): void => {
    if (table.pageBreakBefore) newPage();
    const columns = Math.max(1, ...table.rows.map((r) => r.length));
    const weights = table.columnWeights ?? Array.from({ length: columns }, (_, i) => (i === 0 ? 3.5 : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = Array.from({ length: columns }, (_, i) => ((weights[i] ?? 1) / total) * contentWidth);
    const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const owner = mergeOwners(table, columns);
    const labelColumn = widths.map((_, c) => !table.rows.some((row) => /^\d[\d,.]*$/.test(row[c] ?? "")));
    const lineHeight = CELL_SIZE * 1.35;
    const ruled = table.ruled !== false;
    let rowTop = y - 4;
    const rule = (x1: number, y1: number, x2: number, y2: number): void => {
      if (ruled) page.lines?.push({ x1, y1, x2, y2 });
    };
    const fullRule = (): void => rule(MARGIN, rowTop, MARGIN + contentWidth, rowTop);
    fullRule();
    table.rows.forEach((row, r) => {
      // Only a merge's anchor cell prints text; its width is the sum of the columns it spans.
      const cellWidth = (c: number): number => {
        const span = table.merges?.find((m) => m.row === r && m.col === c)?.colSpan ?? 1;
        return widths.slice(c, c + span).reduce((a, b) => a + b, 0);
      };
      const anchored = (c: number): boolean => owner[r]?.[c] === `${r}:${c}`;
      const rowSpanOf = (c: number): number =>
        table.merges?.find((m) => m.row === r && m.col === c)?.rowSpan ?? 1;
      const wrapped = widths.map((_, c) =>
        anchored(c) ? wrapText(row[c] ?? "", cellWidth(c) - 2 * CELL_PAD, CELL_SIZE) : [],
      );
      const sizing = wrapped.filter((_, c) => rowSpanOf(c) === 1);
      const height = Math.max(1, ...sizing.map((l) => l.length)) * lineHeight + 2 * CELL_PAD;
      if (rowTop - height < bottom) {
        fullRule(); // close the part on this page even where a merged cell continues
        newPage();
        rowTop = y - 4;
        fullRule();
      }
      wrapped.forEach((cellLines, c) => {
        const x = lefts[c] ?? MARGIN;
        const w = cellWidth(c);
        cellLines.forEach((text, k) => {
          const tw = textWidth(text, CELL_SIZE);
          // Label columns left-aligned, number columns centred, like most published reports.
          const tx = labelColumn[c] ? x + CELL_PAD : x + (w - tw) / 2;
          page.texts.push({
            x: tx,
            y: rowTop - CELL_PAD - (k + 1) * lineHeight + 2.5,
            text,
            size: CELL_SIZE,
          });
        });
        // Inner rules are left out where a merged cell continues.
        if (c === 0 || owner[r]?.[c] !== owner[r]?.[c - 1]) rule(x, rowTop, x, rowTop - height);
        const next = table.rows[r + 1] === undefined ? undefined : owner[r + 1]?.[c];
        if (next !== owner[r]?.[c]) rule(x, rowTop - height, x + (widths[c] ?? 0), rowTop - height);
      });
      rule(MARGIN + contentWidth, rowTop, MARGIN + contentWidth, rowTop - height);
      rowTop -= height;
    });
    y = rowTop - BODY_SIZE;
  };

  for (const table of input.tables.filter((t) => t.afterParagraph < 0)) drawTable(table);
  input.paragraphs.forEach((paragraph, index) => {
    const indent = "\u3000\u3000";
    const lines = wrapText(indent + paragraph, contentWidth, BODY_SIZE);
    for (const line of lines) {
      ensure(BODY_SIZE * LINE_GAP);
      y -= BODY_SIZE * LINE_GAP;
      const leading = line.startsWith(indent) ? 2 * BODY_SIZE : 0;
      page.texts.push({ x: MARGIN + leading, y, text: line.replace(/^\u3000+/u, ""), size: BODY_SIZE });
    }
    for (const table of input.tables.filter((t) => t.afterParagraph === index)) drawTable(table);
  });
  pages.push(page);

  pages.forEach((p, i) => {
    if (input.pageNumbers !== false) {
      const label = `- ${i + 1} -`;
      p.texts.push({ x: (A4.width - textWidth(label, 9)) / 2, y: MARGIN - 20, text: label, size: 9 });
    }
    if (input.runningHeader) {
      const h = input.runningHeader;
      p.texts.push({ x: (A4.width - textWidth(h, 9)) / 2, y: A4.height - MARGIN + 24, text: h, size: 9 });
    }
  });
  return pages;
}
