// PDF attachments (text layer only): text blocks in reading order and tables as true grids.
// Scanned pages without a text layer become image blocks; OCR is a separate step.
import type { ExtractedDocument } from "../domain/report.ts";
import { assemble } from "./pdf/assemble.ts";
import { readPdfPages } from "./pdf/load-pdf.ts";

export { PDF_LIMITS, PdfReadError } from "./pdf/load-pdf.ts";

const TITLE_LIKE = /(?:报告|报表|公报)$/u;

/**
 * Reads a PDF. Throws only `PdfReadError` (encrypted, not a PDF, too large, too slow); a readable PDF
 * with no text gives a document with image blocks or no blocks at all.
 */
export async function extractPdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  const pages = await readPdfPages(bytes);
  const { blocks, title } = assemble(pages);
  const fallbackTitle = blocks
    .slice(0, 5)
    .flatMap((b) => (b.kind === "text" && b.text.length <= 80 && TITLE_LIKE.test(b.text) ? [b.text] : []))[0];
  const chosen = title ?? fallbackTitle;
  return {
    blocks,
    ...(chosen === undefined ? {} : { title: chosen }),
    pageMeta: {},
    links: [],
    damage: [],
    mediaType: "pdf",
  };
}
