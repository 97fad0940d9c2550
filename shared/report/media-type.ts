// Decide how to read a document from its first bytes; the Content-Type and URL are only tie-breakers,
// because CMSs serve PDFs as text/html and attachments as application/octet-stream.
import type { ExtractedDocument } from "../domain/report.ts";

export type MediaType = ExtractedDocument["mediaType"];

const SNIFF_WINDOW = 4096;
const HTML_MARKERS = [
  "<!doctype html",
  "<html",
  "<head",
  "<body",
  "<meta ",
  "<title",
  "<div",
  "<table",
  "<p>",
  "<br",
];

/** JPEG, PNG, GIF and TIFF (both byte orders): a report published as a picture. */
const IMAGE_MAGIC = [
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x47, 0x49, 0x46, 0x38],
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];

function isImage(bytes: Uint8Array): boolean {
  if (IMAGE_MAGIC.some((magic) => startsWith(bytes, magic))) return true;
  // BMP ("BM", then zero reserved bytes) and WebP ("RIFF"…"WEBP"): checked further than two letters.
  if (startsWith(bytes, [0x42, 0x4d]) && startsWith(bytes, [0, 0, 0, 0], 6) && bytes.length > 26) return true;
  return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8);
}

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function indexOfAscii(bytes: Uint8Array, needle: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return i;
  }
  return -1;
}

/** Lower-cased text of the head of the document, for marker search (UTF-16 aware). */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_WINDOW);
  if (startsWith(head, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(head).toLowerCase();
  if (startsWith(head, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(head).toLowerCase();
  // latin1 keeps every byte, so ASCII markers survive whatever the real charset is
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1").toLowerCase();
}

function hint(contentType?: string, url?: string): string {
  const path = (url ?? "").split(/[?#]/)[0]?.toLowerCase() ?? "";
  return `${(contentType ?? "").toLowerCase()} ${path}`;
}

/** Magic bytes first (SPEC §5.5.6), then HTML markers, then the declared type; plain text by default. */
export function sniffMediaType(bytes: Uint8Array, contentType?: string, url?: string): MediaType {
  const declared = hint(contentType, url);
  // %PDF- may follow a BOM or junk bytes; the spec allows it anywhere in the first 1024 bytes
  if (indexOfAscii(bytes, "%PDF-", 1024) >= 0) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // zip member names are stored as plain ASCII, in the local headers and the central directory
    if (indexOfAscii(bytes, "word/document.xml", bytes.length) >= 0) return "docx";
    if (indexOfAscii(bytes, "OFD.xml", bytes.length) >= 0) return "ofd";
    return /wordprocessingml|\.docx\b/.test(declared) ? "docx" : "unknown";
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return /\.(xls|ppt)x?\b|excel|powerpoint/.test(declared) ? "unknown" : "doc";
  }
  if (isImage(bytes)) return "image";
  const head = headText(bytes);
  if (HTML_MARKERS.some((m) => head.includes(m))) return "html";
  if (/text\/html|application\/xhtml/.test(declared) && head.includes("<")) return "html";
  if (looksBinary(bytes)) return "unknown";
  return "text";
}

/** NUL bytes outside UTF-16 text mean a binary format we cannot read. */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  const head = bytes.subarray(0, SNIFF_WINDOW);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  return nul > 0 && nul * 50 > head.length;
}
