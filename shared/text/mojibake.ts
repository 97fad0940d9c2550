// Encoding damage that survives decoding (SPEC §5.5.9–10).
//
// GBK off-by-one: a GBK stream that lost one byte is read in shifted pairs until it re-syncs, giving
// "?。ㄒ唬┲鲃庸_情況" for "　（一）主動公開情況". Re-encoding the damaged text with GBK gives back the shifted
// bytes (minus those the mirror dropped), so dropping the first byte and decoding again realigns them.
//
// Double mojibake: UTF-8 read as GBK ("闂備礁缍婂ḿ褔…") consists of valid but rare characters.
import iconv from "iconv-lite";
import { toSimplifiedChinese } from "./simplify.ts";

const MAX_RECOVERY_LINE = 200;

/** Characters a GBK decoder produces from shifted pairs, never seen next to normal Chinese prose. */
const BOPOMOFO = /[\u3105-\u312f]/;
const BOX_DRAWING_NEAR_CJK = /[\u3400-\u9fff][\u2500-\u257f]|[\u2500-\u257f][\u3400-\u9fff]/;
const TONE_LETTER_NEAR_CJK = /(?:^|[^(（a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])[ǖǘǚǜ](?=[\u2500-\u257f\u3400-\u9fff])/;
const LEADING_LOST_BYTE = /^\s*\?[。、，\u3400-\u9fff]/;
/** "三?!敝贫?": a half-width "?" glued between CJK and "!"/CJK is a lost byte, not a question. */
const STRAY_QUESTION_MARK = /[\u3400-\u9fff]\?[!\u3400-\u9fff]/;
const SUSPICIOUS_GLOBAL = /[\u3105-\u312f\u2500-\u257f\ue000-\uf8ff\ufffd?ǖǘǚǜ]/g;

/** A character every tell-tale below needs: most lines have none and skip the five patterns. */
const ANY_TELL_TALE = /[\u3105-\u312f\u2500-\u257fǖǘǚǜ?]/;

/** Whether a line shows the tell-tales of GBK misalignment. */
export function looksMisaligned(line: string): boolean {
  if (!ANY_TELL_TALE.test(line)) return false;
  return (
    BOPOMOFO.test(line) ||
    BOX_DRAWING_NEAR_CJK.test(line) ||
    TONE_LETTER_NEAR_CJK.test(line) ||
    LEADING_LOST_BYTE.test(line) ||
    STRAY_QUESTION_MARK.test(line)
  );
}

/** The first suspicious stretch of a misaligned line, for damage reports. */
export function misalignmentSample(line: string): string {
  const at = line.search(/[\u3105-\u312f\u2500-\u257fǖǘǚǜ?]/);
  const start = Math.max(0, at - 4);
  return line.slice(start, start + 16);
}

function suspiciousCount(text: string): number {
  return text.match(SUSPICIOUS_GLOBAL)?.length ?? 0;
}

/**
 * GBK row 0xA8 (pinyin letters ā…ü and bopomofo ㄅ…ㄩ). A line that began with "\u3000（" or "（" and lost its
 * first byte starts with one of these (possibly after "。"): the shifted pair is (0xA8, next lead byte).
 */
const ROW_A8: ReadonlySet<string> = (() => {
  const bytes: number[] = [];
  for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(0xa8, trail);
  return new Set(Array.from(iconv.decode(Buffer.from(bytes), "gb18030")).filter((ch) => ch !== "\ufffd"));
})();

/** ROW_A8 as flags over UTF-16 code units: startsShifted runs on every line, twice. */
const ROW_A8_FLAGS: Uint8Array = (() => {
  const flags = new Uint8Array(0x10000);
  for (const ch of ROW_A8) if (ch.length === 1) flags[ch.charCodeAt(0)] = 1;
  return flags;
})();
const WHITESPACE = /\s/;
const SHIFTED_WINDOW = 64;

/**
 * Whether a line starts the way a shifted heading starts: optional lost byte ("?"), "。", then row 0xA8,
 * within the first 64 characters (what /^[\s\u3000]*[?？]?。?(.)/ finds there, without allocating).
 */
function startsShifted(line: string): boolean {
  const end = Math.min(line.length, SHIFTED_WINDOW);
  let i = 0;
  while (i < end && WHITESPACE.test(line.charAt(i))) i++;
  if (i < end && (line.charCodeAt(i) === 0x3f || line.charCodeAt(i) === 0xff1f)) i++;
  if (i < end && line.charCodeAt(i) === 0x3002) i++;
  // whitespace, "?", "。" and line breaks are not in row 0xA8, so regex backtracking never finds one there
  return i < end && ROW_A8_FLAGS[line.charCodeAt(i)] === 1;
}

/**
 * Realigns a GBK off-by-one heading (damage from the line start, SPEC §5.5.9). Returns the repaired line
 * (still traditional if the source was; characters whose bytes the mirror dropped stay wrong) or null
 * when the line does not start shifted or no cleaner reading exists. The lost leading full-width space is
 * not restored. Mid-line fragments ("三?!敝贫?") are only detected (looksMisaligned), never rewritten.
 */
export function recoverMisalignedLine(line: string): string | null {
  if (line.length > MAX_RECOVERY_LINE || !startsShifted(line)) return null;
  try {
    // U+FFFD re-encodes to four unrelated bytes; the lost byte it stands for is what we re-create.
    // A trailing "?"/U+FFFD is the last character's second byte, which the shifted reader could not pair…
    const body = line
      .replace(/^[\s\u3000]*[?？]?/, "")
      // …and when it ate the "<" of a closing tag, the rest of that tag follows it ("事马?/span>").
      .replace(/[?\ufffd]+(?:\/[a-z]{1,10}>)?$/i, "")
      .replace(/\ufffd/g, "");
    const bytes = iconv.encode(body, "gb18030");
    if (bytes.length < 4) return null;
    const repaired = realign(bytes.subarray(1)).replace(/\ufffd/g, "");
    const cleaner = suspiciousCount(repaired) < suspiciousCount(line);
    if (!cleaner || looksMisaligned(repaired) || startsShifted(repaired) || !readsAsChinese(repaired))
      return null;
    return restoreHeadingNumeral(repaired);
  } catch {
    return null;
  }
}

/** A repair must yield mostly common characters, or it is just another random decoding. */
function readsAsChinese(text: string): boolean {
  const { cjk, share } = commonShare(toSimplifiedChinese(text));
  return cjk >= 3 && share >= 0.6;
}

/**
 * Characters that end level-2 headings (情况, 事项, 管理, 建设, 保障 …), simplified and traditional, by
 * GBK lead byte. Their lead bytes are all distinct, so a lead byte names at most one of them.
 */
const HEADING_TAIL_BY_LEAD: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  for (const ch of "况況项項理设設障作题題施") {
    const lead = iconv.encode(ch, "gb18030")[0];
    if (lead !== undefined) map.set(lead, ch);
  }
  return map;
})();

/**
 * Decodes realigned bytes. An odd count leaves the lead byte of the last character without its trail
 * (the shifted reader swallowed it): restore it when that lead byte belongs to a heading-final character.
 */
function realign(shifted: Uint8Array): string {
  if (shifted.length % 2 === 0) return iconv.decode(Buffer.from(shifted), "gb18030");
  const lead = shifted[shifted.length - 1] ?? 0;
  const text = iconv.decode(Buffer.from(shifted.subarray(0, shifted.length - 1)), "gb18030");
  return text + (HEADING_TAIL_BY_LEAD.get(lead) ?? "");
}

/**
 * In "（二）" the pair (numeral trail byte, "）" lead byte) of the shifted stream is a user-defined GBK code
 * that mirrors drop, so realigning yields "（订" (bytes: 二's lead + "）"'s trail). Map those back.
 */
const BROKEN_NUMERALS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const numeral of "一二三四五六七八九十") {
    const [lead, trail] = iconv.encode(numeral, "gb18030");
    if (lead === undefined || trail === undefined) continue;
    const userDefined = (trail >= 0xaa && trail <= 0xaf) || trail >= 0xf8;
    if (userDefined) map.set(iconv.decode(Buffer.from([lead, 0xa9]), "gb18030"), `${numeral}）`);
  }
  return map;
})();

function restoreHeadingNumeral(line: string): string {
  if (!line.startsWith("（")) return line;
  const replacement = BROKEN_NUMERALS.get(line.charAt(1));
  return replacement === undefined ? line : `（${replacement}${line.slice(2)}`;
}

// ---- double mojibake ------------------------------------------------------------------------------

/** GB2312 level-1 characters (rows 0xB0–0xD7): the 3,755 common characters of simplified text. */
const COMMON_HANZI: Uint8Array = (() => {
  const bytes: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(lead, trail);
  }
  const flags = new Uint8Array(0x10000);
  const text = iconv.decode(Buffer.from(bytes), "gb18030");
  for (let i = 0; i < text.length; i++) flags[text.charCodeAt(i)] = 1;
  flags[0xfffd] = 0;
  return flags;
})();

const MIN_CJK_FOR_VERDICT = 6;
const MIN_COMMON_SHARE = 0.55;

function commonShare(line: string): { cjk: number; share: number } {
  let cjk = 0;
  let common = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A high surrogate starts a supplementary-plane character: CJK extensions B+ are all rare.
    if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xd840 && code <= 0xd87f)) {
      cjk++;
      common += COMMON_HANZI[code] ?? 0;
    }
  }
  return { cjk, share: cjk === 0 ? 1 : common / cjk };
}

/**
 * A line of double mojibake, to skip: mostly rare CJK characters. Traditional text is rare in GB2312
 * terms too, so a low share is re-checked after conversion to simplified.
 */
export function isGarbledLine(line: string): boolean {
  const sample = line.length > 2000 ? line.slice(0, 2000) : line;
  if (!hasFewCommonHanzi(sample) || !hasFewCommonHanzi(toSimplifiedChinese(sample))) return false;
  // A shifted heading is damaged, not garbage: normaliseLine repairs it.
  return recoverMisalignedLine(line) === null;
}

/** The double-mojibake test for text already converted to simplified. */
export function hasFewCommonHanzi(line: string): boolean {
  const { cjk, share } = commonShare(line.length > 2000 ? line.slice(0, 2000) : line);
  return cjk >= MIN_CJK_FOR_VERDICT && share < MIN_COMMON_SHARE;
}
