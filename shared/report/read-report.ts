// Bytes in, ParsedReport out: sniff → decode/extract → normalise → sections → tables → metadata →
// classify (DESIGN §1). Never throws on bad input; only a document that cannot be opened at all
// (encrypted PDF, corrupt DOCX or OFD) rejects, with a ReportReadError.
import type { ExtractedDocument, ParsedReport, ReadInput } from "../domain/report.ts";
import { decodeBytes } from "../text/decode.ts";
import { analyseDocument } from "./analyse.ts";
import { extractDoc } from "./extract-doc.ts";
import { extractDocx } from "./extract-docx.ts";
import { extractHtml } from "./extract-html.ts";
import { extractOfd } from "./extract-ofd.ts";
import { extractPdf } from "./extract-pdf.ts";
import { extractPlainText } from "./extract-text.ts";
import { sniffMediaType } from "./media-type.ts";

export { analyseDocument };

/** The input could not be opened as a document at all. Same bytes, same failure: never retryable. */
export class ReportReadError extends Error {
  readonly retryable = false;
  readonly mediaType: ExtractedDocument["mediaType"];
  constructor(message: string, mediaType: ExtractedDocument["mediaType"], options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReportReadError";
    this.mediaType = mediaType;
  }
}

const EMPTY_DOCUMENT: Omit<ExtractedDocument, "mediaType"> = {
  blocks: [],
  pageMeta: {},
  links: [],
  damage: [],
};

async function extract(input: ReadInput): Promise<ExtractedDocument> {
  const bytes = input.bytes instanceof Uint8Array ? input.bytes : new Uint8Array(0);
  const mediaType = sniffMediaType(bytes, input.contentType, input.url);
  if (mediaType === "html" || mediaType === "text") {
    const { text, decision } = decodeBytes(bytes, input.contentType);
    const doc =
      mediaType === "html" ? extractHtml(text, input.url ? { url: input.url } : {}) : extractPlainText(text);
    return { ...doc, decode: doc.decode ?? decision, mediaType };
  }
  if (mediaType === "unknown") return { ...EMPTY_DOCUMENT, mediaType };
  // A picture of the report: nothing to read but that it is one (checked as a report printed as images).
  if (mediaType === "image")
    return { ...EMPTY_DOCUMENT, blocks: [{ kind: "image", alt: "image" }], mediaType };
  const read =
    mediaType === "pdf"
      ? extractPdf
      : mediaType === "ofd"
        ? extractOfd
        : mediaType === "docx"
          ? extractDocx
          : extractDoc;
  try {
    return await read(bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ReportReadError(`无法读取${mediaType.toUpperCase()}文档：${reason}`, mediaType, { cause });
  }
}

/**
 * Read one report from its bytes. Resolves for any input (garbage gives a not-annual-report with no
 * sections); rejects only with ReportReadError, for a PDF/OFD/DOC/DOCX that cannot be opened.
 */
export async function readReport(input: ReadInput): Promise<ParsedReport> {
  const doc = await extract(input);
  try {
    const { bytes: _bytes, ...rest } = input;
    return analyseDocument(doc, rest);
  } catch (cause) {
    // a bug of ours on an odd document: report it as unreadable rather than crash a batch
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ReportReadError(`文档分析失败：${reason}`, doc.mediaType, { cause });
  }
}
