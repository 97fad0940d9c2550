// The typed records that flow from reading (shared/text, shared/report) to checking (shared/rules).
import type { AgencyType, RequestColumn, RequestRow, ReviewColumn, ReviewGroup, SectionKey } from "./keys.ts";

// ---- decoding -----------------------------------------------------------------------------------

export type EncodingSource = "bom" | "header" | "meta" | "guess" | "both-tried" | "default";
export interface DecodeDecision {
  /** Canonical decoder name actually used: "utf-8", "gb18030", "big5-hkscs", "utf-16le", … */
  encoding: string;
  source: EncodingSource;
  /** What the header / meta said, when they said something. */
  declared?: { header?: string; meta?: string };
  replacementChars: number;
}

// ---- extraction: the intermediate representation between bytes and parsed sections -------------

export type TableSource = "html" | "pipe-text" | "cell-per-line" | "pdf" | "ofd" | "docx" | "doc";

export type Block =
  /** One logical line or paragraph. `text` is normalised (simplified, half-width digits…), `raw` as published. */
  | { kind: "text"; text: string; raw: string }
  /** A table as a true grid: rowspan/colspan resolved, so every row has one entry per column. Cells normalised. */
  | { kind: "table"; rows: string[][]; source: TableSource }
  /** An image in the body (image-only tables). */
  | { kind: "image"; src?: string; alt?: string };

export interface ExtractedDocument {
  blocks: Block[];
  /** <title>, h1 or the first title-like line. */
  title?: string;
  /** Page metadata fields as published (索引号, 发布机构, 发布日期, 成文日期, 信息来源 …), normalised keys. */
  pageMeta: Record<string, string>;
  links: { href: string; text: string }[];
  decode?: DecodeDecision;
  /** Damage noticed while decoding and normalising (SPEC §5.5.8–10, §1.6). */
  damage: EncodingDamage[];
  /** "image": a picture (a report published as one scan); "ofd": China's fixed-layout format (GB/T 33190). */
  mediaType: "html" | "text" | "pdf" | "docx" | "doc" | "image" | "ofd" | "unknown";
}

export interface EncodingDamage {
  kind: "gbk-misalignment" | "double-mojibake" | "pinyin-annotation" | "dropped-digits" | "replacement-chars";
  sample: string;
}

// ---- parsed report ------------------------------------------------------------------------------

/** One table cell. `value` is null when blank or not applicable; `kind` says which (SPEC §5.6). */
export interface Cell {
  value: number | null;
  raw: string;
  kind: "number" | "na" | "blank";
  unit?: string;
  /** Set when the printed text is neither a number nor a known blank/na mark (e.g. "见附件"): kind is then "blank". */
  invalid?: true;
}

export type RequestsTable = {
  format: "2021" | "2019";
  cells: Partial<Record<RequestRow, Partial<Record<RequestColumn, Cell>>>>;
  /** Printed subtotal rows for （三）…（六）, when the report has them: group key of REQUEST_RESULT_GROUPS. */
  subtotals: Partial<Record<string, Partial<Record<RequestColumn, Cell>>>>;
};
export type ReviewTable = Record<ReviewGroup, Partial<Record<ReviewColumn, Cell>>>;
export type ProactiveTable = {
  format: "2021" | "2019";
  cells: Partial<Record<string, Partial<Record<string, Cell>>>>;
};

export interface SectionInfo {
  /** The heading as printed (normalised). */
  heading: string;
  /** Position among the detected level-1 headings (0-based), for the order check. */
  index: number;
  /** Body text up to the next level-1 heading (normalised, tables excluded). */
  text: string;
  /** Whether the body held a table or numbers. */
  hasTable: boolean;
  hasImage: boolean;
}

export type ReportKind = "annual-report" | "not-annual-report";
export type ReportFormat = "2021" | "2019" | "2008" | "unknown";
export type YearSource = "title" | "period" | "text";
export type DateSource = "page-meta" | "url" | "signature";

export interface ParsedReport {
  kind: ReportKind;
  /** For not-annual-report: which look-alike of SPEC §6 ("work-plan", "notice", "summary", …) and why. */
  lookAlike?: { type: string; cues: string[] };
  format: ReportFormat;
  /** How `format` was decided: table signatures (SPEC §3.7), the year's expected format when no table
   * is readable, the 2008 structure, or nothing. Only "signature" supports format-year-mismatch. */
  formatSource?: "signature" | "year" | "structure" | "none";
  title?: string;
  agency?: string;
  agencyType?: AgencyType;
  year?: number;
  /** Every year the document states, with where; disagreement → year-mismatch. */
  yearEvidence: { source: YearSource; year: number; text: string }[];
  publishedAt?: string; // YYYY-MM-DD
  publishedAtSource?: DateSource;
  /** "month" when only a /YYYYMM/ URL token dated it (publishedAt is then the 1st of that month). */
  publishedAtPrecision?: "day" | "month";
  /** Lower bound only (成文日期, signature date). */
  signedAt?: string;
  url?: string;
  decode?: DecodeDecision;
  sections: Record<SectionKey, SectionInfo | null>;
  /** The intro's "本报告由…组成" parts, as printed. */
  introParts?: string[];
  /** 2008 regime: which Art. 32 topics the text covers. */
  legacyTopics?: Record<string, boolean>;
  tables: {
    proactive: ProactiveTable | null;
    requests: RequestsTable | null;
    review: ReviewTable | null;
  };
  /** Table labels that could not be mapped to a canonical key. */
  unknownLabels: { table: "proactive" | "requests" | "review"; label: string }[];
  /** Document files (.pdf/.doc/.docx/.wps/.ofd …) the page links: where a stub page's report really is. */
  attachments?: string[];
  damage: EncodingDamage[];
  /**
   * The report is printed as pictures (scanned pages, one image per page, SPEC §5.3 "（图片版）"): beside
   * its title and dates it has no text to check, and nothing is shown to be missing from it.
   */
  imagesOnly?: true;
  /** Whole normalised text, tables excluded, for narrative checks. */
  text: string;
}

/** What the reader needs besides the bytes. */
export interface ReadInput {
  bytes: Uint8Array;
  url?: string;
  contentType?: string;
  /** The registry's hint, when the document came from a known bureau. */
  agencyType?: AgencyType;
  /** Hosts that are the bureau's official domain: only their page metadata counts as publication evidence. */
  officialHosts?: string[];
  /**
   * The text of the listing link that led here: the title of a report printed as images that shows none
   * of its own (its page title says only the site's name).
   */
  linkText?: string;
}
