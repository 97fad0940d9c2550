// A report page the CMS split over several pages ("共3页", TRS's createPageHTML(3, 0, "t20240115_2517736",
// "html") → t20240115_2517736_1.html, _2.html): read alone, its first page would lack the later sections
// and be reported for it. The continuations are found from the first page, and the pages put together
// into one document for the reader.
import { hash } from "node:crypto";
import { decodeBytes } from "../text/decode.ts";
import { scriptPagination } from "./script-pagination.ts";

/** Pages after the first one read as the same document; a longer article is read from these only. */
export const MAX_CONTINUATIONS = 19;

const HREF = /href\s*=\s*["']?([^"'\s>]+)/gi;
const STEM = /^(.*\/)([^/]+?)\.(\w{1,8})$/;

/**
 * The pages that continue the article at `pageUrl`, in order: from a TRS pagination script naming this
 * page's file, else from links to <this file>_<n>.<ext> beside it. None for a page that is not the
 * article's first, and at most MAX_CONTINUATIONS.
 */
export function articleContinuations(bytes: Uint8Array, pageUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return [];
  }
  const parts = STEM.exec(url.pathname);
  if (!parts) return [];
  const [, dir, stem, ext] = parts as unknown as [string, string, string, string];
  if (/_\d{1,3}$/.test(stem)) return [];
  // File names and scripts are ASCII: the raw bytes answer without decoding the page, and most pages
  // are passed over on two byte searches, each for a needle whose first byte is rare in HTML (a search
  // skips ahead to its first byte: "createPageHTML" would stop at every "c").
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marker = `${stem}_`;
  const hasScript = buffer.indexOf("PageHTML(") !== -1;
  // Numbered continuations run from _1: a first page links <stem>_1.<ext>.
  if (!hasScript && buffer.indexOf(`_1.${ext}`) === -1) return [];
  const raw = buffer.toString("latin1");
  const scripted = hasScript ? scriptPagination(raw) : undefined;
  if (scripted && scripted.stem === stem && scripted.current === 0) {
    const total = Math.min(scripted.total, MAX_CONTINUATIONS + 1);
    return Array.from({ length: total - 1 }, (_, i) => `${url.origin}${dir}${stem}_${i + 1}.${scripted.ext}`);
  }
  if (!raw.includes(marker)) return [];
  const numbers = new Set<number>();
  for (const [, href] of raw.matchAll(HREF)) {
    if (!href?.includes(marker)) continue;
    let target: URL;
    try {
      target = new URL(href, url);
    } catch {
      continue;
    }
    const match = STEM.exec(target.pathname);
    const n =
      match && match[1] === dir && match[3] === ext
        ? /^_(\d{1,3})$/.exec(match[2]!.slice(stem.length))
        : null;
    if (target.origin === url.origin && match?.[2]?.startsWith(stem) && n) numbers.add(Number(n[1]));
  }
  const ordered = [...numbers].filter((n) => n >= 1).sort((a, b) => a - b);
  // Numbered from 1 without a gap: a "related articles" link to another file is no continuation.
  const run = ordered.filter((n, i) => n === i + 1).slice(0, MAX_CONTINUATIONS);
  return run.map((n) => `${url.origin}${dir}${stem}_${n}.${ext}`);
}

export interface ArticlePage {
  bytes: Uint8Array;
  contentType?: string;
}

const UTF8_BOM = "\ufeff";

/**
 * One HTML document of the article's pages, in order, as UTF-8 (each page decoded by its own charset;
 * the byte order mark makes the whole read as UTF-8 whatever the first page's meta says). The later
 * pages' <head> (title, metadata) is dropped: the first page's is the document's.
 */
export function assembleArticle(pages: readonly ArticlePage[]): { bytes: Uint8Array; sha256: string } {
  const texts = pages.map((page, i) => {
    const text = decodeBytes(page.bytes, page.contentType).text;
    return i === 0 ? text : text.replace(/<head\b[\s\S]*?<\/head\s*>/i, "");
  });
  const bytes = new Uint8Array(Buffer.from(UTF8_BOM + texts.join("\n"), "utf8"));
  return { bytes, sha256: hash("sha256", bytes, "hex") };
}

/** The content type of an assembled article. */
export const ASSEMBLED_TYPE = "text/html; charset=utf-8";
