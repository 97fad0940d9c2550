// Years as titles write them besides "2023年": in full-width digits ("２０２３年") and in Chinese
// numerals ("二〇二三年度", with 〇, 零 or ○ for zero). Listing titles and report titles are matched
// against ASCII digits, so these are turned into them first.

/** Digits as dates write them: 二〇二三年 (〇, 零, ○ and a stray Latin O for zero). */
export const CN_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  "○": 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** What either form needs: a full-width digit, or a zero only numerals use (no Latin O: too common). */
const MAYBE = /[〇零○Ｏ０-９]/;
const FULL_WIDTH_DIGIT = /[０-９]/g;
/** A year of this century in numerals, before 年 (二〇二三年, 二零二二年度). */
const NUMERAL_YEAR = /二[〇零○ＯO][〇零○ＯO一二三四五六七八九]{2}(?=\s*年)/g;

/** `text` with its full-width digits and its numeral years (二〇二三年) in ASCII digits. */
export function withArabicYears(text: string): string {
  if (!MAYBE.test(text)) return text;
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(NUMERAL_YEAR, (year) => Array.from(year, (c) => CN_DIGITS[c] ?? 0).join(""));
}
