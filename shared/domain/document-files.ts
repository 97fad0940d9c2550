// The files a report is published as, besides a web page: one list, so the crawler follows the files the
// reader reads (sniffed from their bytes in report/media-type.ts) and nothing else.
export const DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "wps", "ofd"] as const;

/** The extensions as a regular-expression alternation (longest first, so "docx" is not read as "doc"). */
export const DOCUMENT_EXTENSION_PATTERN = [...DOCUMENT_EXTENSIONS]
  .sort((a, b) => b.length - a.length)
  .join("|");
