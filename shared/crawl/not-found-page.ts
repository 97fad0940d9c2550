// A server's "page not found" page answered with 200 (a soft 404). For a listing it is a column that
// moved; for a report page it is a report that is gone, a dead link as a 404 would be. Withdrawn
// articles on the usual CMSs say so in the same way ("该信息已删除").
import iconv from "iconv-lite";
import { decodeBytes } from "../text/decode.ts";
import { NOT_FOUND_TEXT, NOT_FOUND_TITLE } from "../text/not-found-words.ts";

const TITLE = /<title[^>]*>([^<]{0,200})/i;
/** Only the top of a page is searched: the message sits there, a long page's text is not a 404. */
const SEARCHED_CHARS = 20_000;

/** The top of decoded HTML, where a "not found" message sits, and its title. */
function topOf(html: string): { head: string; title: string | undefined } {
  const head = html.slice(0, SEARCHED_CHARS);
  return { head, title: TITLE.exec(head)?.[1] };
}

function saysNotFound({ head, title }: ReturnType<typeof topOf>): boolean {
  return (title !== undefined && NOT_FOUND_TITLE.test(title)) || NOT_FOUND_TEXT.test(head);
}

/** Whether the decoded HTML is a "page not found" page (by its title, or a message near its top). */
export function looksNotFound(html: string): boolean {
  return saysNotFound(topOf(html));
}

/** A page at most this large is decoded and searched whole; a larger one only by its title. */
const SMALL_PAGE_BYTES = 16 * 1024;
/** Where a larger page's title is looked for. */
const TITLE_SEARCH_BYTES = 16 * 1024;
/**
 * Words one of which every "not found" title holds, as bytes in the charsets sites use (simplified and
 * traditional): a report page's title is decoded only when it holds one.
 */
const TITLE_NEEDLES = new RegExp(
  [
    ...["404", "not found", "Not Found", "NOT FOUND"].map((w) => Buffer.from(w, "latin1")),
    ...["不存在", "未找到", "找不到", "出错", "删除", "撤销", "下线"].flatMap((w) => [
      Buffer.from(w, "utf8"),
      iconv.encode(w, "gb18030"),
    ]),
    ...["出錯", "刪除", "撤銷", "下線"].map((w) => Buffer.from(w, "utf8")),
    ...["不存在", "未找到", "找不到", "出錯", "刪除", "撤銷", "下線"].map((w) => iconv.encode(w, "big5")),
  ]
    // Matched against the title's bytes read as latin1: one character per byte.
    .map((bytes) => bytes.toString("latin1").replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"))
    .join("|"),
);
/** A page that is some year's report says so; an error page's navigation says neither. */
const REPORT_TITLE = /年度报告|年报/;
const REPORT_SECTION = /总体情况/;

/**
 * Whether a report link's page is a "page not found" page. A page larger than a bare error page is
 * decoded only when its title says "not found" (a site template around the message), so a report page
 * costs a look at its first bytes.
 */
export function reportPageNotFound(
  bytes: Uint8Array,
  contentType: string | undefined,
  html: () => string,
): boolean {
  if (bytes.length > SMALL_PAGE_BYTES) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, TITLE_SEARCH_BYTES));
    // A byte search, then a look at a few hundred bytes: far cheaper than decoding the page's top.
    let at = head.indexOf("<title");
    if (at < 0) at = head.indexOf("<TITLE");
    if (at < 0) return false;
    const rawTitle = TITLE.exec(head.subarray(at, at + 1024).toString("latin1"))?.[1];
    if (rawTitle === undefined) return false;
    if (!TITLE_NEEDLES.test(rawTitle)) return false;
    const title = decodeBytes(Buffer.from(rawTitle, "latin1"), contentType).text;
    if (!NOT_FOUND_TITLE.test(title)) return false;
  }
  const text = html();
  const top = topOf(text);
  return saysNotFound(top) && !REPORT_TITLE.test(top.title ?? "") && !REPORT_SECTION.test(text);
}
