// Charset evidence that needs no decoding: BOM, Content-Type header, <meta>/XML prescan, label mapping.
// Follows the WHATWG order (BOM → transport → prescan) with the Chinese-web twist that every GB
// label decodes as gb18030 (a superset) and every Big5 label as big5-hkscs (DESIGN §7).

const PRESCAN_BYTES = 4096;

const LABEL_MAP: ReadonlyMap<string, string> = new Map(
  Object.entries({
    "utf-8": ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"],
    gb18030: [
      "gb18030",
      "gbk",
      "gb2312",
      "gb_2312",
      "gb_2312-80",
      "x-gbk",
      "cp936",
      "ms936",
      "windows-936",
      "chinese",
      "csgb2312",
      "iso-ir-58",
      "euc-cn",
      "x-euc-cn",
      "hz-gb-2312",
    ],
    "big5-hkscs": [
      "big5",
      "x-big5",
      "cp950",
      "ms950",
      "windows-950",
      "big5-hkscs",
      "big5hkscs",
      "cn-big5",
      "csbig5",
    ],
    "utf-16le": ["utf-16le", "utf-16", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2", "unicodefeff"],
    "utf-16be": ["utf-16be", "unicodefffe"],
    "windows-1252": [
      "windows-1252",
      "cp1252",
      "iso-8859-1",
      "iso8859-1",
      "latin1",
      "l1",
      "us-ascii",
      "ascii",
      "ansi_x3.4-1968",
      "x-cp1252",
    ],
  }).flatMap(([canonical, labels]) => labels.map((label) => [label, canonical] as const)),
);

/** Single-byte western labels: on Chinese government sites these are almost always a CMS default, not the truth. */
export const WEAK_DECLARATIONS: ReadonlySet<string> = new Set(["windows-1252"]);

/**
 * Maps a charset label to the decoder name we use, or undefined when we do not know the label.
 * Unknown labels that iconv-lite understands are passed through by the caller, not here.
 */
export function canonicalCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (cleaned.length === 0 || cleaned.length > 40) return undefined;
  return LABEL_MAP.get(cleaned);
}

/** The charset parameter of a Content-Type header value, as written (not canonicalised). */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]{1,40})/i.exec(contentType.slice(0, 512));
  return match?.[1];
}

export interface BomSniff {
  encoding: string;
  length: number;
}

export function sniffBom(bytes: Uint8Array): BomSniff | undefined {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", length: 2 };
  if (b0 === 0x84 && b1 === 0x31 && b2 === 0x95 && b3 === 0x33) return { encoding: "gb18030", length: 4 };
  return undefined;
}

/**
 * The charset label declared in the first 4 KB: <meta charset>, <meta http-equiv content="…charset=…">
 * or an XML declaration. Returned as written; callers canonicalise.
 */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  // latin1 keeps one char per byte, so ASCII markup is found whatever the real encoding is.
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, PRESCAN_BYTES),
  ).toString("latin1");
  const xml = /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:+-]{1,40})["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const lower = head.toLowerCase();
  let from = 0;
  // Scan tag by tag with indexOf: linear, no regex over the whole prescan window.
  for (let guard = 0; guard < 200; guard++) {
    const start = lower.indexOf("<meta", from);
    if (start < 0) break;
    const end = lower.indexOf(">", start);
    const tag = lower.slice(start, end < 0 ? lower.length : end);
    from = end < 0 ? lower.length : end + 1;
    const match = /charset\s*=\s*["']?\s*([a-z0-9_.:+-]{1,40})/.exec(tag);
    if (!match?.[1]) continue;
    // <meta content="…charset=x"> only counts with http-equiv (WHATWG prescan); <meta charset=x> always.
    if (/(^|\s)charset\s*=/.test(tag.slice(5)) || tag.includes("http-equiv")) return match[1];
  }
  return undefined;
}
