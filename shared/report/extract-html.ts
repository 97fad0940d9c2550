// HTML to blocks: one parse (html-dom.ts), one iterative walk. Text blocks per block element / <br> line,
// table blocks as true grids (tables/html-grid.ts), image blocks, links, title and page metadata.
// Site chrome (nav/header/footer and class/id-named boilerplate) is left out of the blocks but still
// searched for links. Blocks carry raw text (text = raw); the composer normalises.

import type { AnyNode, Document, Element } from "domhandler";
import { shownAddress } from "../crawl/embedded.ts";
import type { Block, ExtractedDocument } from "../domain/report.ts";
import { parseHtmlDocument } from "./html-dom.ts";
import { addMeta, metaPairsOfRows, metaTagKey } from "./page-meta.ts";
import {
  buildGrid,
  collapseSpace,
  elementText,
  gatherText,
  hasNestedTable,
  type ImageRef,
  imageRef,
  isBlockTag,
} from "./tables/html-grid.ts";
import { liftTextTables, takeMetaLine } from "./tables/text-grid.ts";

const MAX_HTML_CHARS = 10 * 1024 * 1024;
const MAX_BLOCKS = 100_000;
const MAX_LINKS = 5_000;
const MAX_META_LINE = 200;

const SKIP_TAGS = new Set(
  "script style noscript template iframe object embed svg canvas select button input textarea map".split(" "),
);
const EMBED_TAGS = new Set(["iframe", "embed", "object"]);
const CHROME_TAGS = new Set(["nav", "header", "footer", "aside"]);
/** First word of a class/id token that marks site chrome ("footer_box", "bdshare-btn", "position"). */
const CHROME_WORDS =
  /^(nav|navbar|menu|header|footer|foot|breadcrumbs?|crumbs?|position|location|dqwz|share|bdshare|print|sidebar|copyright|banner|topbar|toolbar|fontsize|zihao|search|login|friendlinks?|yqlj|pagination|pager|qrcode|erweima|ewm)$/i;
const REPORT_TITLE = /报告|報告|年报|年報/;

function trimAscii(text: string): string {
  return text.replace(/^[ \t\n\r\f\u00a0]+|[ \t\n\r\f\u00a0]+$/g, "");
}

const chromeValues = new Map<string, boolean>();

/** Whether a class or id value names chrome; pages repeat a few values on many elements, so remembered. */
function namesChrome(value: string | undefined): boolean {
  if (!value) return false;
  let chrome = chromeValues.get(value);
  if (chrome === undefined) {
    chrome = value.split(/\s+/).some((t) => t !== "" && CHROME_WORDS.test(t.split(/[-_]/)[0] ?? ""));
    if (chromeValues.size >= 5_000) chromeValues.clear();
    chromeValues.set(value, chrome);
  }
  return chrome;
}

function isChrome(node: Element): boolean {
  return CHROME_TAGS.has(node.name) || namesChrome(node.attribs.class) || namesChrome(node.attribs.id);
}

function namesTitle(node: Element): boolean {
  const { class: cls, id } = node.attribs;
  return (cls !== undefined && /title/i.test(cls)) || (id !== undefined && /title/i.test(id));
}

function parseUrl(href: string | undefined, base?: URL): URL | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

/** Marks where a block element ends on the walk stack (one shared object: no allocation per element). */
const EXIT = { exit: true } as const;

class Walker {
  readonly blocks: Block[] = [];
  readonly links: { href: string; text: string }[] = [];
  readonly pageMeta: Record<string, string> = {};
  private readonly seenLinks = new Set<string>();
  private line = "";
  private base: URL | undefined;
  docTitle: string | undefined;
  h1: string | undefined;
  classTitle: string | undefined;

  constructor(
    url: string | undefined,
    private readonly dropChrome: boolean,
  ) {
    this.base = parseUrl(url);
  }

  walk(root: AnyNode): void {
    const stack: (AnyNode | typeof EXIT)[] = [root];
    while (stack.length > 0 && this.blocks.length < MAX_BLOCKS) {
      const item = stack.pop();
      if (item === undefined) break;
      if ("exit" in item) {
        this.flush();
        continue;
      }
      if (item.type === "text") {
        this.line += collapseSpace(item.data);
        continue;
      }
      if (item.type !== "tag" && item.type !== "root") continue;
      const children = "children" in item ? item.children : [];
      if (item.type === "tag" && !this.enter(item)) continue;
      const block = item.type === "tag" && isBlockTag(item.name);
      if (block) {
        this.flush();
        stack.push(EXIT);
      }
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push(child);
      }
    }
    this.flush();
  }

  /** Handles an element; false when its children must not be walked. */
  private enter(node: Element): boolean {
    const name = node.name;
    if (EMBED_TAGS.has(name)) this.embed(node);
    if (SKIP_TAGS.has(name)) return false;
    if (this.dropChrome && name !== "body" && name !== "html" && isChrome(node)) {
      this.chrome(node);
      return false;
    }
    switch (name) {
      case "title":
        this.docTitle ??= elementText(node);
        return false;
      case "meta":
        this.meta(node);
        return false;
      case "base":
        this.setBase(node.attribs.href);
        return false;
      case "br":
        this.flush();
        return false;
      case "img":
        this.flush();
        this.image(imageRef(node), node);
        return false;
      case "a":
        this.link(node);
        break;
      case "table":
        return this.table(node);
    }
    if (name === "h1" && this.h1 === undefined) this.h1 = this.titleText(node);
    else if (this.classTitle === undefined && namesTitle(node)) {
      this.classTitle = this.titleText(node);
    }
    return true;
  }

  private titleText(node: Element): string | undefined {
    const text = trimAscii(elementText(node, 400));
    return text.length >= 2 && text.length <= 200 ? text : undefined;
  }

  private flush(): void {
    const text = trimAscii(this.line);
    this.line = "";
    if (text === "") return;
    if (text.length <= MAX_META_LINE && takeMetaLine(text, this.pageMeta)) return;
    this.blocks.push({ kind: "text", text, raw: text });
  }

  private resolve(href: string): string | undefined {
    const trimmed = href.trim();
    if (trimmed === "" || /^(javascript|data|vbscript):/i.test(trimmed)) return undefined;
    // Without a usable base, a relative href is kept as printed rather than dropped.
    return parseUrl(trimmed, this.base)?.href ?? (this.base ? undefined : trimmed);
  }

  private setBase(href: string | undefined): void {
    // An unusable <base> leaves the page URL as the base.
    if (href) this.base = parseUrl(href.trim(), this.base) ?? this.base;
  }

  private meta(node: Element): void {
    const key = metaTagKey(node.attribs.name ?? node.attribs.property ?? "");
    const content = node.attribs.content?.trim();
    if (key && content && !Object.hasOwn(this.pageMeta, key)) this.pageMeta[key] = content.slice(0, 200);
  }

  private link(node: Element): void {
    if (this.links.length >= MAX_LINKS) return;
    const printed = node.attribs.href?.trim() ?? "";
    // In-page anchors are navigation, not documents.
    const href = printed === "" || printed.startsWith("#") ? undefined : this.resolve(printed);
    if (href) this.addLink(href, trimAscii(collapseSpace(elementText(node, 300))).slice(0, 300));
  }

  /** A document the page shows (a PDF in a frame, an embed, a viewer's ?file=) counts as linked. */
  private embed(node: Element): void {
    if (this.links.length >= MAX_LINKS) return;
    const printed = (node.attribs.src ?? node.attribs["data-src"] ?? node.attribs.data ?? "").trim();
    const href = printed === "" ? undefined : this.resolve(printed);
    if (!href) return;
    this.addLink(shownAddress(href), "");
  }

  private addLink(href: string, text: string): void {
    const key = `${href}\n${text}`;
    if (this.seenLinks.has(key)) return;
    this.seenLinks.add(key);
    this.links.push({ href, text });
  }

  /** Site chrome: no blocks, but its links count and a metadata bar may sit in a "header" box. */
  private chrome(node: Element): void {
    this.collectLinks(node);
    for (const line of gatherText(node, 20_000).lines) {
      const text = trimAscii(line);
      if (text.length <= MAX_META_LINE) takeMetaLine(text, this.pageMeta);
    }
  }

  private collectLinks(root: Element): void {
    const stack: AnyNode[] = [root];
    while (stack.length > 0 && this.links.length < MAX_LINKS) {
      const node = stack.pop();
      if (node?.type !== "tag") continue;
      if (node.name === "a") this.link(node);
      for (const child of node.children) stack.push(child);
    }
  }

  private image(ref: ImageRef, node?: Element): void {
    const width = Number.parseInt(node?.attribs.width ?? "", 10);
    const height = Number.parseInt(node?.attribs.height ?? "", 10);
    if ((width > 0 && width < 40) || (height > 0 && height < 40)) return;
    const block: Block = { kind: "image" };
    const src = ref.src ? this.resolve(ref.src) : undefined;
    if (src) block.src = src;
    if (ref.alt) block.alt = ref.alt;
    this.blocks.push(block);
  }

  /** Data tables become table blocks, metadata tables pageMeta; layout tables are walked as containers. */
  private table(node: Element): boolean {
    this.flush();
    if (hasNestedTable(node)) return true;
    const grid = buildGrid(node);
    const width = grid.rows[0]?.length ?? 0;
    const cells = grid.rows.length * width;
    const meta = metaPairsOfRows(grid.rows);
    if (meta) {
      addMeta(this.pageMeta, meta);
      return false;
    }
    if (width <= 1 || (cells <= 4 && grid.longestCell > 200) || grid.longestCell > 2_000) return true;
    this.blocks.push({ kind: "table", rows: grid.rows, source: "html" });
    for (const ref of grid.images) this.image(ref);
    this.collectLinks(node);
    return false;
  }
}

function pickTitle(walker: Walker): string | undefined {
  const candidates = [walker.pageMeta.ArticleTitle, walker.classTitle, walker.h1, walker.docTitle]
    .map((t) => (t ? trimAscii(t) : ""))
    .filter((t) => t !== "");
  return candidates.find((t) => REPORT_TITLE.test(t)) ?? candidates[0];
}

function run(root: Document | undefined, url: string | undefined, dropChrome: boolean): Walker {
  const walker = new Walker(url, dropChrome);
  try {
    if (root) walker.walk(root);
  } catch {
    // the walk tolerates any tree; this only guards against the unexpected (e.g. a pathological URL).
  }
  return walker;
}

function parse(html: string, html5: boolean): Document | undefined {
  try {
    return parseHtmlDocument(html, { html5 });
  } catch {
    return undefined;
  }
}

/** `html5` forces the parse5 tree builder (tests check that the fast path reads pages identically). */
export function extractHtml(html: string, opts: { url?: string; html5?: boolean } = {}): ExtractedDocument {
  const input = typeof html === "string" ? html.slice(0, MAX_HTML_CHARS) : "";
  const root = parse(input, opts.html5 === true);
  let walker = run(root, opts.url, true);
  // A page whose whole body sits in a chrome-named wrapper would come out empty: read it unfiltered.
  if (!walker.blocks.some((b) => b.kind !== "image")) walker = run(root, opts.url, false);
  const blocks = liftTextTables(walker.blocks, walker.pageMeta);
  const doc: ExtractedDocument = {
    blocks,
    pageMeta: walker.pageMeta,
    links: walker.links,
    damage: [],
    mediaType: "html",
  };
  const title = pickTitle(walker);
  if (title) doc.title = title;
  return doc;
}
