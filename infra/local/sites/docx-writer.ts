// A minimal but valid DOCX (WordprocessingML) writer for fixtures and sample sites: a heading title,
// paragraphs and tables with merged cells (gridSpan / vMerge), in the order given.
import JSZip from "jszip";
import type { CellMerge, ReportTable } from "./pdf-writer.ts";

export interface DocxInput {
  title: string;
  paragraphs: string[];
  /** Same shape as the PDF writer's tables, so one fixture serves both formats. */
  tables: ReportTable[];
}

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\p{Cc}/gu, (ch) => (ch === "\t" || ch === "\n" || ch === "\r" ? ch : ""));
}

function paragraph(text: string, style?: string): string {
  const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
  // Line breaks inside a cell or paragraph become <w:br/>, as Word writes them.
  const runs = text
    .split("\n")
    .map((part, i) => `${i > 0 ? "<w:br/>" : ""}<w:t xml:space="preserve">${escapeXml(part)}</w:t>`)
    .join("");
  return `<w:p>${props}<w:r>${runs}</w:r></w:p>`;
}

interface SlotRole {
  kind: "anchor" | "covered-h" | "covered-v";
  merge?: CellMerge;
}

function slotRoles(rows: string[][], columns: number, merges: CellMerge[]): SlotRole[][] {
  const roles: SlotRole[][] = rows.map(() => Array.from({ length: columns }, () => ({ kind: "anchor" })));
  for (const m of merges) {
    for (let r = m.row; r < m.row + (m.rowSpan ?? 1); r++)
      for (let c = m.col; c < m.col + (m.colSpan ?? 1); c++) {
        const slots = roles[r];
        if (!slots) continue;
        if (c > m.col) slots[c] = { kind: "covered-h", merge: m };
        else slots[c] = r === m.row ? { kind: "anchor", merge: m } : { kind: "covered-v", merge: m };
      }
  }
  return roles;
}

function table(t: ReportTable): string {
  const columns = Math.max(1, ...t.rows.map((r) => r.length));
  const roles = slotRoles(t.rows, columns, t.merges ?? []);
  const weights = t.columnWeights ?? Array.from({ length: columns }, (_, i) => (i === 0 ? 3.5 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const twips = weights.map((w) => Math.round((w / total) * 9000));
  const grid = twips.map((w) => `<w:gridCol w:w="${w}"/>`).join("");
  const border = ["top", "left", "bottom", "right", "insideH", "insideV"]
    .map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
    .join("");
  const body = t.rows
    .map((row, r) => {
      const cells: string[] = [];
      for (let c = 0; c < columns; c++) {
        const role = roles[r]?.[c];
        if (!role || role.kind === "covered-h") continue;
        const span = role.merge?.colSpan ?? 1;
        const vertical = (role.merge?.rowSpan ?? 1) > 1;
        const props = [
          `<w:tcW w:w="${twips.slice(c, c + span).reduce((a, b) => a + b, 0)}" w:type="dxa"/>`,
          span > 1 ? `<w:gridSpan w:val="${span}"/>` : "",
          vertical ? (role.kind === "anchor" ? '<w:vMerge w:val="restart"/>' : "<w:vMerge/>") : "",
        ].join("");
        const text = role.kind === "anchor" ? (row[c] ?? "") : "";
        cells.push(`<w:tc><w:tcPr>${props}</w:tcPr>${paragraph(text)}</w:tc>`);
      }
      return `<w:tr>${cells.join("")}</w:tr>`;
    })
    .join("");
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>${border}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${body}</w:tbl>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W_NS}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="SimSun"/><w:sz w:val="21"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style></w:styles>`;

/** The document.xml body: title, then paragraphs with each table after its paragraph. */
export function docxDocumentXml(input: DocxInput): string {
  const parts: string[] = [paragraph(input.title, "Heading1")];
  for (const t of input.tables.filter((x) => x.afterParagraph < 0)) parts.push(table(t), paragraph(""));
  input.paragraphs.forEach((text, index) => {
    parts.push(paragraph(text));
    for (const t of input.tables.filter((x) => x.afterParagraph === index))
      parts.push(table(t), paragraph(""));
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W_NS}"><w:body>${parts.join("")}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
}

/** A complete .docx file. */
export async function makeDocx(input: DocxInput): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", CONTENT_TYPES);
  zip.file("_rels/.rels", ROOT_RELS);
  zip.file("word/_rels/document.xml.rels", DOCUMENT_RELS);
  zip.file("word/styles.xml", STYLES);
  zip.file("word/document.xml", docxDocumentXml(input));
  // A fixed date keeps the bytes reproducible.
  const date = new Date("2024-01-01T00:00:00Z");
  for (const file of Object.values(zip.files)) file.date = date;
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
