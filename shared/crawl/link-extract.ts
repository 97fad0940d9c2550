// The links of a page (`a[href]`, their text or title) without building a DOM, exactly as the DOM
// (parse5, as cheerio builds it) has them. First the hand-written scan (link-scan.ts: ~3× cheaper than
// the htmlparser2 pass, ~15× than cheerio); where it gives up, that streaming pass; wherever the tree
// builder would rearrange an <a> (mis-nested or implicitly closed links, block elements inside a link,
// tables, raw-text elements, foreign content) cheerio itself. Pure, never throws, bounded (link count
// and text lengths are capped).
import * as cheerio from "cheerio";
import { Parser } from "htmlparser2";
import { type PageLink, pageBase, toLink } from "./link-resolve.ts";
import { MAX_LINKS, scanLinks } from "./link-scan.ts";

export { MAX_TEXT, type PageLink } from "./link-resolve.ts";
export { MAX_LINKS } from "./link-scan.ts";

/** The DOM way: the reference the streaming pass must match, and its fallback on tangled markup. */
export function extractLinksWithDom(html: string, baseUrl: string, queryEncoding?: string): PageLink[] {
  const base = pageBase(baseUrl, queryEncoding);
  const $ = cheerio.load(html);
  const links: PageLink[] = [];
  $("a[href]").each((index, element) => {
    if (index >= MAX_LINKS) return false;
    const link = toLink(
      $(element).attr("href") ?? "",
      $(element).attr("title") ?? "",
      $(element).text(),
      base,
      undefined,
      $(element).attr("onclick") ?? "",
    );
    if (link) links.push(link);
    return;
  });
  return links;
}

// Inside a link, only these keep parse5's tree and htmlparser2's events in step (no implied closing,
// no reconstruction of the link around later content).
const PHRASING_IN_LINK = new Set(
  "span b i em strong font img br u s small big sub sup abbr cite code q time wbr mark ins del var kbd dfn tt strike label bdi bdo data script style".split(
    " ",
  ),
);
// parse5 reads these as raw text (scripting on) or re-parents their content: never followed here.
const TANGLING = new Set(
  "noscript iframe noembed noframes xmp plaintext template svg math select frameset image isindex listing nobr".split(
    " ",
  ),
);
const TABLE_CONTEXT = new Set(["table", "tbody", "thead", "tfoot", "tr"]);
const CELL_CONTEXT = new Set(["td", "th", "caption"]);
const CR = /\r\n?/g;

class Tangled extends Error {}

function inTableContext(stack: readonly string[]): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const name = stack[i]!;
    if (CELL_CONTEXT.has(name)) return false;
    if (TABLE_CONTEXT.has(name)) return true;
  }
  return false;
}

/** The streaming pass alone: undefined when the markup is too tangled to follow without a tree builder. */
export function streamLinks(html: string, baseUrl: string, queryEncoding?: string): PageLink[] | undefined {
  const base = pageBase(baseUrl, queryEncoding);
  // NUL is dropped or replaced by parse5 but kept by htmlparser2.
  if (html.includes("\0")) return undefined;
  const links: PageLink[] = [];
  const stack: string[] = [];
  let anchors = 0;
  let open:
    | { href: string | undefined; title: string; onclick: string; text: string; depth: number }
    | undefined;
  let ending = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (TANGLING.has(name)) throw new Tangled();
        if (open) {
          if (!PHRASING_IN_LINK.has(name)) throw new Tangled();
        } else if (name === "a") {
          if (inTableContext(stack)) throw new Tangled();
          const href = attribs.href;
          if (href !== undefined) anchors++;
          open = {
            href: anchors > MAX_LINKS ? undefined : href,
            title: (attribs.title ?? "").replace(CR, "\n"),
            onclick: attribs.onclick ?? "",
            text: "",
            depth: stack.length,
          };
        }
        stack.push(name);
      },
      ontext(text) {
        if (open && open.href !== undefined) open.text += text;
      },
      onclosetag(name, isImplied) {
        stack.pop();
        if (!open || stack.length !== open.depth) return;
        if (name !== "a" || (isImplied && !ending)) throw new Tangled();
        if (open.href !== undefined) {
          const link = toLink(
            open.href.replace(CR, "\n"),
            open.title,
            open.text,
            base,
            undefined,
            open.onclick,
          );
          if (link) links.push(link);
        }
        open = undefined;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: false },
  );
  try {
    parser.write(html);
    ending = true;
    parser.end();
  } catch (error) {
    if (error instanceof Tangled) return undefined;
    throw error;
  }
  return links;
}

/**
 * The page's `a[href]` links, resolved against `baseUrl`, fragment dropped, text collapsed and capped.
 * With `targets`, their parsed URLs when the fast scan read the page (empty otherwise).
 */
export function extractLinks(
  html: string,
  baseUrl: string,
  targets?: URL[],
  /** The page's encoding for its links' queries (queryEncodingFor), as a browser sends them. */
  queryEncoding?: string,
): PageLink[] {
  let scanned: PageLink[] | undefined;
  try {
    scanned = scanLinks(html, baseUrl, targets, queryEncoding);
  } catch {
    scanned = undefined;
  }
  if (scanned) return scanned;
  // The slower paths give no parsed URLs: callers parse the links themselves.
  if (targets) targets.length = 0;
  // NUL and a few constructs are handled differently by the two tokenizers: leave them to the DOM.
  let streamed: PageLink[] | undefined;
  try {
    streamed = streamLinks(html, baseUrl, queryEncoding);
  } catch {
    streamed = undefined;
  }
  return streamed ?? extractLinksWithDom(html, baseUrl, queryEncoding);
}
