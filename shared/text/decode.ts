// Bytes → text with a recorded decision (DESIGN §7 charset bullet). Pure, never throws, linear time.
import iconv from "iconv-lite";
import type { DecodeDecision, EncodingSource } from "../domain/report.ts";
import {
  canonicalCharset,
  charsetFromContentType,
  sniffBom,
  sniffMetaCharset,
  WEAK_DECLARATIONS,
} from "./charset-sniff.ts";

export { canonicalCharset, charsetFromContentType, sniffBom, sniffMetaCharset } from "./charset-sniff.ts";

/** The statistical guess looks at this much; decoding itself always covers the whole input. */
const GUESS_SAMPLE_BYTES = 256 * 1024;

// Frequent characters of Chinese prose and of these reports, in simplified and traditional forms.
// A wrong CJK decoder yields valid but random characters, so a low share of these betrays it.
const FREQUENT = new Set(
  Array.from(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自于会年生对发成部民可进行政府信息公开工作报告情况申请主动" +
      "規這個們來為國說時裡裏後於會對發進開報況請動關與內區統計務處理數據規範條例總體結果年度本",
  ),
);

export interface DecodeResult {
  text: string;
  decision: DecodeDecision;
}

export function countReplacementChars(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) count++;
  return count;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes with a canonical or iconv-lite name; falls back to UTF-8 for names nobody knows. */
/** One decoder for all calls: decode() without { stream } keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

export function decodeAs(bytes: Uint8Array, encoding: string): string {
  try {
    if (encoding === "utf-8") return UTF8.decode(bytes);
    if (iconv.encodingExists(encoding)) return iconv.decode(toBuffer(bytes), encoding, { stripBOM: false });
  } catch {
    // fall through to the lenient UTF-8 decode below
  }
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    // A multi-byte sequence cut by the sample boundary is not evidence against UTF-8.
    if (bytes.byteLength < GUESS_SAMPLE_BYTES) return false;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, bytes.byteLength - 3));
      return true;
    } catch {
      return false;
    }
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte > 0x7f) return false;
  return true;
}

/** UTF-16 without a BOM shows up as NUL bytes on one parity. */
function guessUtf16(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.byteLength, 4096) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return "utf-16le";
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return "utf-16be";
  return undefined;
}

interface Candidate {
  encoding: string;
  replacementChars: number;
  frequentShare: number;
}

/** The CJK characters of (the start of) a text, and the share of frequent ones among them. */
function cjkStats(text: string): { cjk: number; share: number } {
  let cjk = 0;
  let frequent = 0;
  for (const ch of text.slice(0, GUESS_SAMPLE_BYTES / 2)) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x3400 && code <= 0x9fff) {
      cjk++;
      if (FREQUENT.has(ch)) frequent++;
    }
  }
  return { cjk, share: cjk === 0 ? 0 : frequent / cjk };
}

/** Share of frequent characters among the CJK characters of (the start of) a text. */
function frequentShare(text: string): number {
  return cjkStats(text).share;
}

function scoreCandidate(sample: Uint8Array, encoding: string): Candidate {
  const text = decodeAs(sample, encoding);
  return { encoding, replacementChars: countReplacementChars(text), frequentShare: frequentShare(text) };
}

/** Lower is better: a replacement char costs as much as a few percent of frequent-character share. */
function badness(candidate: Candidate, sampleLength: number): number {
  const replacementRate = candidate.replacementChars / Math.max(1, sampleLength / 2);
  return replacementRate * 20 - candidate.frequentShare;
}

/** Statistical guess for undeclared bytes: UTF-8 if valid, else the better of gb18030 and big5-hkscs. */
export function guessCharset(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, GUESS_SAMPLE_BYTES);
  if (isAscii(sample) || isValidUtf8(sample)) return "utf-8";
  const utf16 = guessUtf16(sample);
  if (utf16) return utf16;
  const gb = scoreCandidate(sample, "gb18030");
  const big5 = scoreCandidate(sample, "big5-hkscs");
  // Mainland sites dominate, so gb18030 wins ties.
  return badness(big5, sample.byteLength) < badness(gb, sample.byteLength) ? "big5-hkscs" : "gb18030";
}

function resolveLabel(label: string | undefined): string | undefined {
  const canonical = canonicalCharset(label);
  if (canonical) return canonical;
  const lowered = label?.trim().toLowerCase();
  return lowered && lowered.length <= 40 && iconv.encodingExists(lowered) ? lowered : undefined;
}

function decided(
  bytes: Uint8Array,
  encoding: string,
  source: EncodingSource,
  declared?: DecodeDecision["declared"],
): DecodeResult {
  const text = decodeAs(bytes, encoding);
  const decision: DecodeDecision = { encoding, source, replacementChars: countReplacementChars(text) };
  if (declared) decision.declared = declared;
  return { text, decision };
}

/**
 * Fewer replacement characters wins. Legacy CJK decoders seldom emit U+FFFD on each other's bytes
 * (GBK read as Big5 is "valid" nonsense), so ties go to the text with more frequent characters.
 */
function better(first: DecodeResult, second: DecodeResult): DecodeResult {
  if (second.decision.replacementChars !== first.decision.replacementChars) {
    return second.decision.replacementChars < first.decision.replacementChars ? second : first;
  }
  return frequentShare(second.text) > frequentShare(first.text) + 0.02 ? second : first;
}

/**
 * Decodes a document: BOM → Content-Type charset → <meta>/XML prescan → statistical guess.
 * When header and meta disagree, or the declared charset leaves replacement characters, the
 * alternatives are decoded too and the one with the fewest U+FFFD is kept (source "both-tried").
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodeResult {
  try {
    return decodeUnsafe(bytes, contentType);
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    return {
      text,
      decision: { encoding: "utf-8", source: "default", replacementChars: countReplacementChars(text) },
    };
  }
}

function decodeUnsafe(bytes: Uint8Array, contentType: string | undefined): DecodeResult {
  const bom = sniffBom(bytes);
  if (bom) {
    const text = decodeAs(bytes.subarray(bom.length), bom.encoding);
    return {
      text,
      decision: { encoding: bom.encoding, source: "bom", replacementChars: countReplacementChars(text) },
    };
  }
  if (bytes.byteLength === 0)
    return { text: "", decision: { encoding: "utf-8", source: "default", replacementChars: 0 } };

  const headerLabel = charsetFromContentType(contentType);
  const metaLabel = sniffMetaCharset(bytes);
  const declared: DecodeDecision["declared"] = {};
  if (headerLabel) declared.header = headerLabel;
  if (metaLabel) declared.meta = metaLabel;
  const anyDeclared = headerLabel !== undefined || metaLabel !== undefined;

  let header = resolveLabel(headerLabel);
  let meta = resolveLabel(metaLabel);
  // A document that declares UTF-16 in its own ASCII markup cannot be UTF-16 (WHATWG prescan rule).
  if (meta?.startsWith("utf-16")) meta = "utf-8";
  if (header && WEAK_DECLARATIONS.has(header)) header = undefined;
  if (meta && WEAK_DECLARATIONS.has(meta)) meta = undefined;

  const guessDecode = (): DecodeResult =>
    decided(bytes, guessCharset(bytes), "guess", anyDeclared ? declared : undefined);

  if (header && meta && header !== meta) {
    const best = better(decided(bytes, header, "header", declared), decided(bytes, meta, "meta", declared));
    return { text: best.text, decision: { ...best.decision, source: "both-tried" } };
  }
  const chosen = header ?? meta;
  if (!chosen) return guessDecode();
  const first = decided(bytes, chosen, header ? "header" : "meta", declared);
  if (first.decision.replacementChars === 0) return overruledLegacy(bytes, first, declared) ?? first;
  // The declaration produced garbage somewhere: a wrong CMS default is common, so try the guess too.
  const alternative = guessDecode();
  if (alternative.decision.encoding === chosen) return first;
  const best = better(first, alternative);
  return best === first ? first : { text: best.text, decision: { ...best.decision, source: "both-tried" } };
}

/** Past this share a legacy reading is Chinese prose, and no other reading is tried. */
const PLAUSIBLE_SHARE = 0.5;
/** How much more like Chinese prose another reading must be, over how many CJK characters, to win. */
const OVERRULE_MARGIN = 0.3;
const MIN_CJK_TO_OVERRULE = 20;

/**
 * A declared GBK or Big5 that the bytes contradict although it decodes without a U+FFFD (both accept
 * almost any byte pair): UTF-8 pages under a server's old GBK default, GBK bytes under a Big5 label. A
 * browser shows such a page garbled; the report is still there, so the other reading is kept when it is
 * far more like Chinese prose. Costs a failed UTF-8 validation on an honest GBK page.
 */
function overruledLegacy(
  bytes: Uint8Array,
  first: DecodeResult,
  declared: DecodeDecision["declared"],
): DecodeResult | undefined {
  const declaredAs = first.decision.encoding;
  if (declaredAs !== "gb18030" && declaredAs !== "big5-hkscs") return undefined;
  const sample = bytes.subarray(0, GUESS_SAMPLE_BYTES);
  const utf8 = !isAscii(sample) && isValidUtf8(sample);
  const firstStats = cjkStats(first.text);
  if (!utf8 && firstStats.share >= PLAUSIBLE_SHARE) return undefined;
  const other = utf8 ? "utf-8" : declaredAs === "gb18030" ? "big5-hkscs" : "gb18030";
  const otherSample = decodeAs(sample, other);
  if (countReplacementChars(otherSample) > 0) return undefined;
  const otherStats = cjkStats(otherSample);
  if (otherStats.cjk < MIN_CJK_TO_OVERRULE || otherStats.share < firstStats.share + OVERRULE_MARGIN)
    return undefined;
  const chosen = decided(bytes, other, "guess", declared);
  return { text: chosen.text, decision: { ...chosen.decision, source: "both-tried" } };
}
