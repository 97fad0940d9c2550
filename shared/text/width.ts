// Full-width/half-width and whitespace normalisation in one linear pass.
//
// Convention (downstream code matches on it; shared/domain/keys.ts labels use it):
// - digits, Latin letters and most ASCII punctuation are HALF-width ("２０２２" → "2022", "．" → ".");
// - round brackets are FULL-width: "(" and ")" → "（" "）", so "(一)" and "（一）" compare equal;
// - "," ":" ";" become "，" "：" "；" except between two digits ("1,036", "10:30") and ":" before "/" (URLs);
// - every run of whitespace (incl. U+3000 and no-break spaces) becomes one ASCII space; the line is trimmed;
//   zero-width characters and control characters are removed.

const KEEP_FULL_WIDTH = new Set([0xff08, 0xff09, 0xff1a, 0xff0c, 0xff1b]); // （ ） ： ， ；

function isDigit(code: number | undefined): boolean {
  // NaN (charCodeAt out of range) fails both comparisons
  return code !== undefined && code >= 0x30 && code <= 0x39;
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f
  );
}

function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2060 ||
    code === 0xfeff ||
    code === 0x00ad
  );
}

/**
 * Whether the convention leaves the text as it is (the common case once a text is normalised): only
 * single inner spaces, no character to map or drop, "," and ":" only where they stay half-width.
 */
function alreadyNormal(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) {
      if (i === 0 || i === last || text.charCodeAt(i + 1) === 0x20) return false;
      continue;
    }
    if (code < 0x7f) {
      if (code < 0x20 || code === 0x28 || code === 0x29 || code === 0x3b) return false;
      if (code === 0x2c || code === 0x3a) {
        const next = text.charCodeAt(i + 1);
        if (code === 0x3a && next === 0x2f) continue;
        if (!(isDigit(text.charCodeAt(i - 1)) && isDigit(next))) return false;
      }
      continue;
    }
    if (code < 0xa1 || isSpace(code) || isInvisible(code)) return false;
    if (code >= 0xff01 && code <= 0xff5e && !KEEP_FULL_WIDTH.has(code)) return false;
  }
  return true;
}

/** Applies the width convention above and collapses whitespace. Idempotent. */
export function normaliseWidthAndSpace(text: string): string {
  if (alreadyNormal(text)) return text;
  // Map width first so that the digit context of "," and ":" sees half-width digits.
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (isSpace(code)) code = 0x20;
    else if (isInvisible(code)) continue;
    else if (code >= 0xff01 && code <= 0xff5e && !KEEP_FULL_WIDTH.has(code)) code -= 0xfee0;
    codes.push(code);
  }
  let out = "";
  let pendingSpace = false;
  for (let i = 0; i < codes.length; i++) {
    let code = codes[i] as number;
    if (code === 0x20) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (code === 0x28) code = 0xff08;
    else if (code === 0x29) code = 0xff09;
    else if (code === 0x3b) code = 0xff1b;
    else if (code === 0x2c && !(isDigit(codes[i - 1]) && isDigit(codes[i + 1]))) code = 0xff0c;
    else if (code === 0x3a && !(isDigit(codes[i - 1]) && isDigit(codes[i + 1])) && codes[i + 1] !== 0x2f)
      code = 0xff1a;
    if (pendingSpace) out += " ";
    pendingSpace = false;
    out += String.fromCharCode(code);
  }
  return out;
}
