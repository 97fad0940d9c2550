// A column whose entries sit as data in the page's own script, which draws them as the list:
//   <script>var docs = [{title:'2023年…年度报告', url:'./202401/t20240115_1.html'}, …]; render(docs);</script>
//   <script type="application/json" id="__NEXT_DATA__">{"props":{"list":[…]}}</script>
// Link scanners skip script content, so such a column would look empty. The data is read as JavaScript
// writes it (unquoted keys, single quotes, trailing commas, comments), never run. Its addresses are
// relative to the page itself, so relative ones are taken (json-entries.ts). A script file a column's page
// loads (`list.js`) is read the same way, with relative addresses only when the crawl came from that
// page (not when the registry names the file). Literals are read by js-literal.ts. Pure, bounded, never
// throws.
import { ATTACHMENT_RE } from "./embedded.ts";
import { isSpace, LiteralReader, MAX_NESTING } from "./js-literal.ts";
import { type AddressPolicy, entryLinks, isAddress } from "./json-entries.ts";

const MAX_SCAN_CHARS = 2_000_000;
/** Characters the literal reader may go through in all, over every attempt on the page. */
const READ_BUDGET = 1_000_000;
/** What an attempt costs at least, so that many tiny failed ones (`=[=[=[…`) end too. */
const ATTEMPT_COST = 50;
const MAX_SCRIPTS = 200;

interface Script {
  start: number;
  end: number;
  json: boolean;
}
const SCRIPT_OPEN = /<script\b/gi;
const SCRIPT_CLOSE = /<\/script/gi;

/** The bodies of the page's inline scripts (those without src), as [start, end) in `html`, and whether each is JSON. */
export function inlineScripts(html: string): Script[] {
  const scripts: Script[] = [];
  const limit = Math.min(html.length, MAX_SCAN_CHARS);
  SCRIPT_OPEN.lastIndex = 0;
  for (let m = SCRIPT_OPEN.exec(html); m && m.index < limit && scripts.length < MAX_SCRIPTS; ) {
    const open = html.indexOf(">", m.index);
    if (open < 0) break;
    SCRIPT_CLOSE.lastIndex = open;
    const close = SCRIPT_CLOSE.exec(html)?.index ?? -1;
    if (close < 0) break;
    const tag = html.slice(m.index, open);
    if (!/\ssrc\s*=/i.test(tag))
      scripts.push({ start: open + 1, end: close, json: /\stype\s*=\s*["']?[^"'\s>]*json/i.test(tag) });
    SCRIPT_OPEN.lastIndex = close;
    m = SCRIPT_OPEN.exec(html);
  }
  return scripts;
}

/**
 * The data literals a script assigns or passes (`= [`, `= {`, `({`, `list: [`), or its whole body when it
 * is JSON. Each attempt costs what it reads, out of the page's budget.
 */
function literalsIn(html: string, script: Script, budget: { left: number }): unknown[] {
  const found: unknown[] = [];
  const tryAt = (start: number): number => {
    const reader = new LiteralReader(html, start, script.end);
    try {
      const value = reader.value();
      if (typeof value === "object" && value !== null) found.push(value);
      return reader.at;
    } catch {
      return start + 1;
    } finally {
      budget.left -= Math.max(ATTEMPT_COST, reader.at - start);
    }
  };
  if (script.json) {
    let start = script.start;
    while (start < script.end && isSpace(html.charCodeAt(start))) start++;
    tryAt(start);
    return found;
  }
  for (let at = script.start; at < script.end && budget.left > 0; at++) {
    const c = html.charCodeAt(at);
    if (c !== 91 && c !== 123) continue;
    let before = at - 1;
    while (before >= script.start && isSpace(html.charCodeAt(before))) before--;
    const b = html.charCodeAt(before);
    // After "=", "(", ":" or "," a literal is data; after ")" or a name, "{" opens a block.
    if (b === 61 || b === 40 || b === 58 || (b === 44 && c === 91)) at = tryAt(at) - 1;
  }
  return found;
}

const MAX_LINKS = 2000;

function joined(links: string[]): string | undefined {
  return links.length > 0 ? links.slice(0, MAX_LINKS).join("\n") : undefined;
}

/** The data literals of the page's inline scripts, in order, within one budget for the page. */
function* pageData(html: string): Generator<unknown> {
  if (!/<script/i.test(html)) return;
  const budget = { left: READ_BUDGET };
  for (const script of inlineScripts(html)) {
    yield* literalsIn(html, script, budget);
    if (budget.left <= 0) return;
  }
}

/** The entries in the page's scripts' data, as HTML links one per line, or undefined when there are none. */
export function scriptDataLinks(html: string): string | undefined {
  const links: string[] = [];
  for (const value of pageData(html)) {
    links.push(...entryLinks(value, "relative"));
    if (links.length >= MAX_LINKS) break;
  }
  return joined(links);
}

/**
 * The entries in a script file's data (a column's `list.js` that its page loads), or undefined. Its
 * relative addresses are relative to the page that loads it: taken ("relative") only when that page is
 * known, as when the crawl found the file from it.
 */
export function scriptFileLinks(source: string, policy: AddressPolicy = "rooted"): string | undefined {
  const first = /\S/.exec(source.length > 1000 ? source.slice(0, 1000) : source)?.[0];
  if (first === undefined || first === "<") return undefined;
  const budget = { left: READ_BUDGET };
  const script = { start: 0, end: Math.min(source.length, MAX_SCAN_CHARS), json: false };
  const links = literalsIn(source, script, budget).flatMap((value) => entryLinks(value, policy));
  return joined(links);
}

/** Every string in `value` (at most `MAX_NESTING` deep) that `keep` takes, until `out` holds `limit`. */
function collectStrings(
  value: unknown,
  keep: (s: string) => boolean,
  out: string[],
  limit: number,
  depth = 0,
) {
  if (out.length >= limit || depth > MAX_NESTING) return;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (keep(trimmed) && !out.includes(trimmed)) out.push(trimmed);
  } else if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) collectStrings(child, keep, out, limit, depth + 1);
  }
}

/**
 * The document files (PDF, DOC, DOCX, WPS, OFD) named in the data of the page's scripts: an attachment
 * list a report page's script draws (`files = [{fileName:'年报.pdf', filePath:'/u/2024/x.pdf'}]`).
 * Addresses as the page's own script data holds them: rooted, or a plain path relative to the page.
 */
export function scriptDataDocuments(html: string, limit = 10): string[] {
  const found: string[] = [];
  const keep = (s: string) => ATTACHMENT_RE.test(s) && isAddress(s, "relative", false);
  for (const value of pageData(html)) {
    collectStrings(value, keep, found, limit);
    if (found.length >= limit) break;
  }
  return found;
}
