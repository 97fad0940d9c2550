// Character references in HTML text and attribute values, decoded as the HTML standard does for the
// usual forms; undefined for the rare ones it treats specially (legacy names without ";", control and
// C1 code points, unknown names), so the link scan can give up and leave them to the exact paths.

const NAMED = new Map<string, string>([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
  ["copy", "\u00a9"],
  ["reg", "\u00ae"],
  ["trade", "\u2122"],
  ["middot", "\u00b7"],
  ["bull", "\u2022"],
  ["hellip", "\u2026"],
  ["mdash", "\u2014"],
  ["ndash", "\u2013"],
  ["ldquo", "\u201c"],
  ["rdquo", "\u201d"],
  ["lsquo", "\u2018"],
  ["rsquo", "\u2019"],
  ["laquo", "\u00ab"],
  ["raquo", "\u00bb"],
  ["times", "\u00d7"],
  ["deg", "\u00b0"],
  ["emsp", "\u2003"],
  ["ensp", "\u2002"],
  ["thinsp", "\u2009"],
]);

export const isAlpha = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isHex = (c: number) => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102);

function plainCodePoint(code: number): boolean {
  if (code === 9 || code === 10) return true;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code >= 0xfdd0 && code <= 0xfdef) return false;
  return code <= 0x10ffff && (code & 0xfffe) !== 0xfffe;
}

/** Character references decoded; undefined for the rare forms the standard treats specially. */
export function decodeReferences(raw: string, inAttribute: boolean): string | undefined {
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let last = 0;
  while (amp >= 0) {
    out += raw.slice(last, amp);
    const first = raw.charCodeAt(amp + 1);
    if (first === 35) {
      let k = amp + 2;
      const hex = (raw.charCodeAt(k) | 32) === 120;
      if (hex) k++;
      const digits = k;
      while (k < raw.length && (hex ? isHex(raw.charCodeAt(k)) : isDigit(raw.charCodeAt(k)))) k++;
      if (k === digits || k - digits > 7 || raw.charCodeAt(k) !== 59) return undefined;
      const code = Number.parseInt(raw.slice(digits, k), hex ? 16 : 10);
      if (!plainCodePoint(code)) return undefined;
      out += String.fromCodePoint(code);
      last = k + 1;
    } else if (isAlnum(first)) {
      let k = amp + 1;
      while (k < raw.length && isAlnum(raw.charCodeAt(k))) k++;
      const next = raw.charCodeAt(k);
      if (next === 59) {
        const value = NAMED.get(raw.slice(amp + 1, k));
        if (value === undefined) return undefined;
        out += value;
        last = k + 1;
      } else if (inAttribute && next === 61) {
        // "&name=" in an attribute (a query string) stays as written, whatever the name.
        out += raw.slice(amp, k);
        last = k;
      } else {
        return undefined;
      }
    } else {
      out += "&";
      last = amp + 1;
    }
    amp = raw.indexOf("&", last);
  }
  return out + raw.slice(last);
}
