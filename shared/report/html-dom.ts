// HTML to a domhandler tree, fast. htmlparser2 builds a tree several times faster than parse5 (cheerio),
// but it is not an HTML5 tree builder: for markup that is not well nested, parse5 moves or closes
// elements where htmlparser2 nests them (foster parenting, adoption agency, implied end tags in scope).
// While htmlparser2 builds the tree, this handler watches for every situation in which the two
// builders can disagree; when one occurs, the document is parsed again with parse5, so the tree the
// reader walks is always the one an HTML5 browser would build. Well-formed pages (the norm for CMS
// output) take the fast path.
import { load } from "cheerio";
import type { Document, Element } from "domhandler";
import { DomHandler, Parser } from "htmlparser2";
import {
  BUTTON_SCOPE,
  CELL_ENDS,
  COUNTED,
  DD,
  DT,
  FORMATTING,
  HEADING,
  HEADINGS,
  IFRAME,
  IN_SELECT,
  LI,
  LIST_ITEM,
  NON_SPACE,
  NOSCRIPT,
  ONE_AT_A_TIME,
  OPEN_CLOSES,
  P,
  P_CLOSER,
  POP_UNTIL,
  SCOPE_BOUNDARY,
  SELECT,
  SKELETON,
  SPECIAL,
  SVG,
  SVG_UNSAFE,
  TABLE_CHILDREN,
  TABLE_PARENT,
  TAG_BITS,
  UNMODELLED_TAG,
  VOID,
} from "./html5-tags.ts";

const SCRIPT_TAG = /<script[\s/>]/i;
/** Raw text to parse5 (scripting enabled), markup to htmlparser2: only an empty one reads alike. */
const RAW_ELEMENTS = new Set(["iframe", "noscript"]);

/** Thrown out of the fast parse when parse5 could build a different tree (caught in parseHtmlDocument). */
class Html5Unsafe extends Error {}

/** A DomHandler that throws Html5Unsafe as soon as parse5 could build a different tree. */
class CheckedHandler extends DomHandler {
  private implied: string[] = [];
  private sawRoot = false;
  private readonly counts = new Int32Array(COUNTED.size);

  private stack(): Element[] {
    return this.tagStack as Element[];
  }

  private top(): string {
    const node = this.tagStack[this.tagStack.length - 1];
    return node && "name" in node ? (node as Element).name : "";
  }

  private isOpen(index: number | undefined): boolean {
    return index !== undefined && (this.counts[index] ?? 0) > 0;
  }

  /** Whether `name` is open below the first `boundary` element from the top of the stack. */
  private inScope(name: string, boundary: Set<string>): boolean {
    const stack = this.stack();
    for (let i = stack.length - 1; i >= 1; i--) {
      const element = stack[i];
      if (!element) break;
      if (element.name === name) return true;
      if (boundary.has(element.name)) return false;
    }
    return false;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.checkOpen(name);
    this.implied.length = 0;
    super.onopentag(name, attribs);
    const counted = COUNTED.get(name);
    if (counted !== undefined) this.counts[counted] = (this.counts[counted] ?? 0) + 1;
  }

  private checkOpen(name: string): void {
    const bits = TAG_BITS.get(name) ?? 0;
    const parent = this.top();
    if (RAW_ELEMENTS.has(parent)) throw new Html5Unsafe();
    if (bits & SKELETON) {
      // the page's own skeleton, once, at the top; parse5 merges a second one into the first
      if (parent !== "" && parent !== "html") throw new Html5Unsafe();
      if (name === "html" ? this.sawRoot || this.repeated("head") : this.repeated(name))
        throw new Html5Unsafe();
      if (name === "html") this.sawRoot = true;
      if (name === "body" && this.implied.some((n) => n !== "head")) throw new Html5Unsafe();
      return;
    }
    if (bits & UNMODELLED_TAG) throw new Html5Unsafe();
    if (this.implied.length > 0) {
      const allowed = OPEN_CLOSES.get(name);
      for (const closed of this.implied) {
        if (!(allowed?.has(closed) || (closed === "p" && bits & P_CLOSER))) throw new Html5Unsafe();
      }
    }
    const tableChildren = TABLE_CHILDREN.get(parent);
    if (tableChildren && !tableChildren.has(name)) throw new Html5Unsafe();
    const parents = TABLE_PARENT.get(name);
    if (parents && !parents.has(parent)) throw new Html5Unsafe();
    if (bits & P_CLOSER && this.isOpen(P) && this.inScope("p", BUTTON_SCOPE)) throw new Html5Unsafe();
    if (bits & HEADING && HEADINGS.has(parent)) throw new Html5Unsafe();
    if (bits & LIST_ITEM && this.openListItem(name)) throw new Html5Unsafe();
    if (bits & ONE_AT_A_TIME && this.isOpen(COUNTED.get(name))) throw new Html5Unsafe();
    if (this.isOpen(SELECT) && !IN_SELECT.has(name)) throw new Html5Unsafe();
    if (bits & SVG_UNSAFE && this.isOpen(SVG)) throw new Html5Unsafe();
  }

  /** An <html>, <head> or <body> after content parse5 would already have put in an implied one. */
  private repeated(name: string): boolean {
    const parent = this.tagStack[this.tagStack.length - 1];
    return (parent?.children ?? []).some(
      (c) =>
        (c.type === "tag" && (name === "head" || (c as Element).name !== "head")) ||
        (c.type === "text" && NON_SPACE.test((c as unknown as { data: string }).data)),
    );
  }

  /** Whether parse5 would close an open list item that htmlparser2 left open (not on top of the stack). */
  private openListItem(name: string): boolean {
    if (name === "li" ? !this.isOpen(LI) : !this.isOpen(DD) && !this.isOpen(DT)) return false;
    const targets = name === "li" ? ["li"] : ["dd", "dt"];
    const stack = this.stack();
    for (let i = stack.length - 1; i >= 1; i--) {
      const element = stack[i];
      if (!element) break;
      if (targets.includes(element.name)) return true;
      if (
        SPECIAL.has(element.name) &&
        element.name !== "address" &&
        element.name !== "div" &&
        element.name !== "p"
      )
        return false;
    }
    return false;
  }

  /** Whether the current element is an <iframe> or <noscript> (whose content parse5 reads as text). */
  inRawElement(): boolean {
    return (this.isOpen(IFRAME) || this.isOpen(NOSCRIPT)) && RAW_ELEMENTS.has(this.top());
  }

  /** Every end tag as written, including those htmlparser2 ignores for want of an open element. */
  endTag(name: string): void {
    if (this.inRawElement() && name !== this.top()) throw new Html5Unsafe();
    // parse5 lets any heading's end tag close any open heading
    if (
      HEADINGS.has(name) &&
      !this.isOpen(COUNTED.get(name)) &&
      this.stack().some((e) => HEADINGS.has(e.name))
    )
      throw new Html5Unsafe();
  }

  override onclosetag(name?: string, isImplied?: boolean): void {
    // a self-closing svg child ("<path/>") is closed as implied, like a void element
    const closing = this.tagStack[this.tagStack.length - 1] as Element | undefined;
    const selfClosed = isImplied && this.isOpen(SVG) && closing?.children.length === 0;
    const counted = closing?.name === undefined ? undefined : COUNTED.get(closing.name);
    if (counted !== undefined) this.counts[counted] = (this.counts[counted] ?? 1) - 1;
    if (name !== undefined && isImplied && !VOID.has(name) && !selfClosed) this.implied.push(name);
    else if (name !== undefined && !isImplied && this.implied.length > 0) this.checkEndTag(name);
    super.onclosetag();
  }

  /** Elements closed on the way to an end tag's element: parse5 must pop exactly these too. */
  private checkEndTag(name: string): void {
    const table = CELL_ENDS.has(name);
    if (!table && !POP_UNTIL.has(name)) throw new Html5Unsafe();
    for (const closed of this.implied) {
      if (
        FORMATTING.has(closed) ||
        closed === "noscript" ||
        closed === "iframe" ||
        closed === "select" ||
        closed === "form"
      )
        throw new Html5Unsafe();
      // a cell's end tag pops what the cell holds, but never an unclosed table nested in it
      if (
        table
          ? closed === "table" || closed === "caption"
          : SCOPE_BOUNDARY.has(closed) || TABLE_PARENT.has(closed)
      )
        throw new Html5Unsafe();
      // the narrower scopes of </p> (button scope), </li> (list item scope) and </select> (select scope)
      if (name === "p" && closed === "button") throw new Html5Unsafe();
      // a heading's end tag stops at the first open heading, whichever it is
      if (HEADINGS.has(name) && HEADINGS.has(closed)) throw new Html5Unsafe();
      if (name === "li" && (closed === "ul" || closed === "ol")) throw new Html5Unsafe();
      if (name === "select" && closed !== "option" && closed !== "optgroup") throw new Html5Unsafe();
    }
    this.implied.length = 0;
  }

  override ontext(data: string): void {
    if (this.implied.length > 0) throw new Html5Unsafe();
    const parent = this.top();
    if ((TABLE_CHILDREN.has(parent) || RAW_ELEMENTS.has(parent)) && NON_SPACE.test(data))
      throw new Html5Unsafe();
    // htmlparser2 does not decode a <textarea>'s entities, nor drop the line break that opens it
    if (parent === "textarea" && (data.includes("&") || data.startsWith("\n"))) throw new Html5Unsafe();
    // "</>" and "</ …>" are text to htmlparser2 but nothing or a comment to parse5
    if (parent !== "script" && parent !== "style" && data.includes("</")) throw new Html5Unsafe();
    // "<!--<script>" in a script: parse5's double-escaped state runs past the first </script>
    if (parent === "script" && data.includes("<!--") && SCRIPT_TAG.test(data)) throw new Html5Unsafe();
    super.ontext(data);
  }

  override oncomment(data: string): void {
    if (this.implied.length > 0) throw new Html5Unsafe();
    // a CDATA section outside foreign content is a bogus comment to parse5, ending at the first ">"
    if (data.startsWith("[CDATA[")) throw new Html5Unsafe();
    // parse5 ends "<!-->", "<!--->" and "…--!>" there; htmlparser2 reads on to the next "-->"
    if (data.startsWith(">") || data.startsWith("->") || data.includes("--!>")) throw new Html5Unsafe();
    if (this.inRawElement()) throw new Html5Unsafe();
    super.oncomment(data);
  }

  override onprocessinginstruction(name: string, data: string): void {
    if (this.inRawElement()) throw new Html5Unsafe();
    super.onprocessinginstruction(name, data);
  }

  override onend(): void {
    // what is still open at the end stays open in parse5 too
    this.implied.length = 0;
    super.onend();
  }
}

/** htmlparser2's parser, telling the handler about end tags it would otherwise drop silently. */
class CheckedParser extends Parser {
  /** The whole page, written in one go: the tokenizer's indices are offsets into it. */
  constructor(
    private readonly checked: CheckedHandler,
    private readonly html: string,
  ) {
    super(checked, { decodeEntities: true });
  }

  override onclosetag(start: number, endIndex: number): void {
    // only heading end tags ("h1"…"h6") and those inside an <iframe>/<noscript> need a look of their own
    if ((endIndex - start === 2 && isHeadingAt(this.html, start)) || this.checked.inRawElement())
      this.checked.endTag(this.html.slice(start, endIndex).toLowerCase());
    super.onclosetag(start, endIndex);
  }
}

function isHeadingAt(html: string, at: number): boolean {
  const digit = html.charCodeAt(at + 1);
  return (html.charCodeAt(at) | 0x20) === 0x68 && digit >= 0x31 && digit <= 0x36;
}

function parseFast(html: string): Document {
  const handler = new CheckedHandler();
  new CheckedParser(handler, html).end(html);
  return handler.root;
}

/** The parse5 tree of cheerio, for pages the fast path cannot build identically. */
function parseHtml5(html: string): Document {
  return load(html).root()[0] as Document;
}

/**
 * The HTML5 tree of a page (domhandler nodes). `html5` forces the parse5 builder (tests compare both).
 * parse5 drops or replaces NUL characters depending on where they are; pages with any go to it.
 */
export function parseHtmlDocument(page: string, opts: { html5?: boolean } = {}): Document {
  if (opts.html5 || page.includes("\0") || page.charCodeAt(0) === 0xfeff) return parseHtml5(page);
  // parse5's input preprocessing: every CR LF and lone CR is a LF
  const html = page.includes("\r") ? page.replace(/\r\n?/g, "\n") : page;
  // a page cut inside a tag: parse5 keeps the "<…" as text, htmlparser2 drops it
  if (html.lastIndexOf("<") > html.lastIndexOf(">")) return parseHtml5(html);
  try {
    return parseFast(html);
  } catch {
    // Html5Unsafe, or anything unexpected in the fast path: parse5 tolerates any markup
    return parseHtml5(html);
  }
}
