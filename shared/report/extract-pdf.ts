// PDF attachments (text layer only): text blocks in reading order and tables as true grids.
// Scanned pages without a text layer become image blocks; OCR is a separate step.
import type { ExtractedDocument } from "../domain/report.ts";
import { fixedLayoutDocument } from "./fixed-layout.ts";
import { readPdfPages } from "./pdf/load-pdf.ts";

export { PDF_LIMITS, PdfReadError } from "./pdf/load-pdf.ts";

/**
 * Reads a PDF. Throws only `PdfReadError` (encrypted, not a PDF, too large, too slow); a readable PDF
 * with no text gives a document with image blocks or no blocks at all.
 */
export async function extractPdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  return fixedLayoutDocument(await readPdfPages(bytes), "pdf");
}
