// The links of a page by a hand-written scan of the HTML text: tags are tokenized as the HTML standard
// says (attributes, comments, raw-text elements), but no tree is built. It gives up (undefined) on
// anything where the tree builder would move an <a> or its text — mis-nested or unclosed links, block
// content inside a link, links directly in tables, foreign content, unusual character references — and
// extractLinks then takes the slower exact paths. Pure, never throws, linear time.
import { decodeReferences, isAlpha } from "./char-refs.ts";
import { type LinkBase, linkBase, type PageLink, toLink } from "./link-resolve.ts";

export { decodeReferences } from "./char-refs.ts";

export const MAX_LINKS = 5000;
const CR = /\r\n?/g;

/**
 * Tag names as numbers, so that scanning a tag allocates nothing: up to 10 ASCII letters packed in base
 * 27 (exact, no collisions); -1 for any other name (none of those matters here).
 */
const NO_NAME = -1;
function nameCode(name: string): number {
  if (name.length > 10) return NO_NAME;
  let code = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k) | 32;
    if (c < 97 || c > 122) return NO_NAME;
    code = code * 27 + (c - 96);
  }
  return code;
}
const codes = (names: string) => new Set(names.split(" ").map(nameCode));

const PHRASING_IN_LINK = codes(
  "span b i em strong font u s small big sub sup abbr cite code q time mark ins del var kbd dfn tt strike label bdi bdo data",
);
const VOID_IN_LINK = codes("img br wbr");
/** Tokenized as raw text (scripting enabled, as cheerio parses) or RCDATA: skipped to their end tag. */
const RAW_TEXT = new Map(
  "script style xmp iframe noembed noframes noscript title textarea".split(" ").map((n) => [nameCode(n), n]),
);
/** Change how the tree builder places what follows: left to the exact paths. */
const GIVE_UP = codes("template svg math select frameset image isindex listing nobr plaintext frame");
const A = nameCode("a");
const HREF = nameCode("href");
const TITLE = nameCode("title");
const ONCLICK = nameCode("onclick");
const TABLE_NAME = nameCode("table");
const CAPTION_NAME = nameCode("caption");
const SECTION_NAMES = codes("thead tbody tfoot");
const TR = nameCode("tr");
const CELL_NAMES = codes("td th");

const isWhitespace = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;

interface Tag {
  /** nameCode of the tag name. */
  code: number;
  /** Index just past the closing ">". */
  end: number;
  href: string | undefined;
  title: string | undefined;
  onclick: string | undefined;
}
const SCRATCH: Tag = { code: NO_NAME, end: 0, href: undefined, title: undefined, onclick: undefined };

/**
 * Tokenizes the tag whose name starts at `at` (after "<" or "</"); undefined at end of input.
 * Values of href, title and onclick are kept raw (undecoded), the first of each as the tree builder does.
 */
function readTag(html: string, at: number, wantLinkAttributes: boolean): Tag | undefined {
  const n = html.length;
  let i = at;
  let code = 0;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (isWhitespace(c) || c === 47 || c === 62) break;
    const lower = c | 32;
    code =
      code !== NO_NAME && i - at < 10 && lower >= 97 && lower <= 122 ? code * 27 + (lower - 96) : NO_NAME;
    i++;
  }
  // One scratch object for every tag: callers read it before the next readTag.
  const tag = SCRATCH;
  tag.code = code;
  tag.end = 0;
  tag.href = undefined;
  tag.title = undefined;
  tag.onclick = undefined;
  const keep = wantLinkAttributes && code === A;
  while (i < n) {
    let c = html.charCodeAt(i);
    if (isWhitespace(c) || c === 47) {
      i++;
      continue;
    }
    if (c === 62) {
      tag.end = i + 1;
      return tag;
    }
    // An attribute name (a leading "=" belongs to it).
    const nameStart = i;
    i++;
    while (i < n) {
      c = html.charCodeAt(i);
      if (isWhitespace(c) || c === 47 || c === 62 || c === 61) break;
      i++;
    }
    const nameEnd = i;
    while (i < n && isWhitespace(html.charCodeAt(i))) i++;
    if (html.charCodeAt(i) !== 61) continue;
    i++;
    while (i < n && isWhitespace(html.charCodeAt(i))) i++;
    if (i >= n) return undefined;
    c = html.charCodeAt(i);
    let value: string;
    if (c === 34 || c === 39) {
      const close = html.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return undefined;
      value = keep ? html.slice(i + 1, close) : "";
      i = close + 1;
    } else if (c === 62) {
      value = "";
    } else {
      const start = i;
      while (i < n) {
        c = html.charCodeAt(i);
        if (isWhitespace(c) || c === 62) break;
        i++;
      }
      value = keep ? html.slice(start, i) : "";
    }
    if (keep && nameEnd - nameStart <= 7) {
      const name = nameCode(html.slice(nameStart, nameEnd));
      if (name === HREF && tag.href === undefined) tag.href = value;
      else if (name === TITLE && tag.title === undefined) tag.title = value;
      else if (name === ONCLICK && tag.onclick === undefined) tag.onclick = value;
    }
  }
  return undefined;
}

/** Index just past the end tag closing raw text begun at `from`; -1 when there is none. */
function skipRawText(html: string, from: number, name: string): number {
  let at = from;
  for (;;) {
    const lt = html.indexOf("</", at);
    if (lt < 0) return -1;
    const after = html.charCodeAt(lt + 2 + name.length);
    if (
      html.slice(lt + 2, lt + 2 + name.length).toLowerCase() === name &&
      (isWhitespace(after) || after === 47 || after === 62)
    ) {
      // The script data escape states ("<!--" inside a script) can hide an end tag: not followed here.
      if (name === "script" && html.slice(from, lt).includes("<!--")) return -1;
      return readTag(html, lt + 2, false)?.end ?? -1;
    }
    at = lt + 2;
  }
}

/** Index just past a comment whose "<!--" ends at `from`; -1 when it runs to the end. */
function skipComment(html: string, from: number): number {
  if (html.charCodeAt(from) === 62) return from + 1;
  if (html.startsWith("->", from)) return from + 2;
  const plain = html.indexOf("-->", from);
  const bang = html.indexOf("--!>", from);
  if (plain < 0 && bang < 0) return -1;
  if (bang < 0 || (plain >= 0 && plain < bang)) return plain + 3;
  return bang + 4;
}

const TABLE = 1;
const SECTION = 2;
const ROW = 3;
const CELL = 4;
const CAPTION = 5;

/** The table parts open around the scan position, enough to tell a cell from a table's body. */
class TableContext {
  private readonly stack: number[] = [];

  /** False when the markup goes where this simple model stops (a table straight inside a table). */
  start(name: number): boolean {
    const stack = this.stack;
    if (name === TABLE_NAME) {
      if (this.inTableBody()) return false;
      stack.push(TABLE);
      return true;
    }
    if (stack.length === 0) return true;
    if (name === CAPTION_NAME) this.push(CAPTION, TABLE);
    else if (SECTION_NAMES.has(name)) this.push(SECTION, TABLE);
    else if (name === TR) this.push(ROW, SECTION, TABLE);
    else if (CELL_NAMES.has(name)) this.push(CELL, ROW, SECTION, TABLE);
    return true;
  }

  end(name: number): void {
    if (this.stack.length === 0) return;
    if (name === TABLE_NAME) this.popThrough(TABLE);
    else if (CELL_NAMES.has(name)) this.popThrough(CELL);
    else if (name === TR) this.popThrough(ROW);
    else if (SECTION_NAMES.has(name)) this.popThrough(SECTION);
    else if (name === CAPTION_NAME) this.popThrough(CAPTION);
  }

  /** Where a link would be moved out in front of the table (foster parenting). */
  inTableBody(): boolean {
    const top = this.stack.at(-1);
    return top === TABLE || top === SECTION || top === ROW;
  }

  private push(part: number, ...parents: number[]): void {
    const stack = this.stack;
    while (stack.length > 0 && !parents.includes(stack.at(-1)!)) stack.pop();
    stack.push(part);
  }

  /** Pops through the nearest `part` of the innermost table; nothing when that table has none. */
  private popThrough(part: number): void {
    const stack = this.stack;
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k] === part) {
        stack.length = k;
        return;
      }
      if (stack[k] === TABLE) return;
    }
  }
}

/**
 * The page's `a[href]` links as the DOM has them, or undefined when the scan cannot be sure. Each
 * link's parsed URL is pushed to `targets` (in step with the links; left partial when giving up).
 */
export function scanLinks(
  html: string,
  baseUrl: string,
  targets?: URL[],
  queryEncoding?: string,
): PageLink[] | undefined {
  if (html.includes("\0")) return undefined;
  const links: PageLink[] = [];
  const tables = new TableContext();
  const inner: number[] = [];
  let base: LinkBase | undefined;
  let anchors = 0;
  let open = false;
  let href: string | undefined;
  let title = "";
  let onclick = "";
  let text = "";
  let i = 0;
  const n = html.length;
  for (;;) {
    const lt = html.indexOf("<", i);
    if (open && href !== undefined && (lt < 0 ? n : lt) > i) {
      const decoded = decodeReferences(html.slice(i, lt < 0 ? n : lt), false);
      if (decoded === undefined) return undefined;
      text += decoded;
    }
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (isAlpha(c)) {
      const tag = readTag(html, lt + 1, !open);
      if (!tag) return undefined;
      i = tag.end;
      const name = tag.code;
      if (open) {
        if (VOID_IN_LINK.has(name)) continue;
        if (!PHRASING_IN_LINK.has(name)) return undefined;
        inner.push(name);
        continue;
      }
      if (name === A) {
        if (tables.inTableBody()) return undefined;
        if (tag.href !== undefined) anchors++;
        open = true;
        href = anchors > MAX_LINKS ? undefined : tag.href;
        title = tag.title ?? "";
        onclick = tag.onclick ?? "";
        text = "";
        continue;
      }
      if (GIVE_UP.has(name) || !tables.start(name)) return undefined;
      const raw = RAW_TEXT.get(name);
      if (raw !== undefined) {
        i = skipRawText(html, i, raw);
        if (i < 0) return undefined;
      }
      continue;
    }
    if (c === 47) {
      const c2 = html.charCodeAt(lt + 2);
      if (isAlpha(c2)) {
        const tag = readTag(html, lt + 2, false);
        if (!tag) return undefined;
        i = tag.end;
        if (!open) {
          tables.end(tag.code);
          continue;
        }
        if (inner.length > 0) {
          if (inner.pop() !== tag.code) return undefined;
          continue;
        }
        if (tag.code !== A) return undefined;
        open = false;
        if (href === undefined) continue;
        const decodedHref = decodeReferences(href, true);
        const decodedTitle = decodeReferences(title, true);
        const decodedOnclick = onclick === "" ? "" : decodeReferences(onclick, true);
        if (decodedHref === undefined || decodedTitle === undefined || decodedOnclick === undefined)
          return undefined;
        // The tree builder reads CR LF and lone CR as LF.
        base ??= linkBase(baseUrl, queryEncoding);
        const link = toLink(
          decodedHref.replace(CR, "\n"),
          decodedTitle.replace(CR, "\n"),
          text,
          base,
          targets,
          decodedOnclick,
        );
        if (link) links.push(link);
        continue;
      }
      if (c2 === 62) {
        i = lt + 3;
        continue;
      }
      const gt = html.indexOf(">", lt + 2);
      if (gt < 0) return undefined;
      i = gt + 1;
      continue;
    }
    if (c === 33 || c === 63) {
      if (c === 33 && html.startsWith("--", lt + 2)) i = skipComment(html, lt + 4);
      else i = html.indexOf(">", lt + 2) + 1 || -1;
      if (i < 0) return undefined;
      continue;
    }
    // A "<" that starts no tag is text.
    if (open && href !== undefined) text += "<";
    i = lt + 1;
  }
  return open ? undefined : links;
}
