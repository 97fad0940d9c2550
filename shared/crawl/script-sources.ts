// Where a column page's script fetches its list from: the page links no entry and holds none in its
// script data, but asks an address for them (`$.ajax({ url: "/api/…/list", type: "post", data: {
// channelId: 12 } })`, `$.getJSON`, `$.post`, `fetch`, `axios`, an XMLHttpRequest), or loads a data file
// (`<script src="js/list.js">`). Only a whole address written as a literal is taken, with the parameters
// the call gives as a data literal (a query for GET, a form for POST). An address the code builds is
// taken when it only joins literals and names the page's scripts give one plain value (`"/api/list?id="
// + channelId` after `var channelId = "12"`); any other is not guessed at, only said. Pure, bounded,
// never throws.
import { readLiteral } from "./js-literal.ts";
import { inlineScripts } from "./script-data.ts";

/** Addresses taken from one page: a column's script asks one or two, more is a framework's plumbing. */
const MAX_SOURCES = 3;
const MAX_SCRIPT_CHARS = 200_000;
/** How far around a `url:` option its call's other options (type, data) are looked for. */
const OPTIONS_BEFORE = 400;
const OPTIONS_AFTER = 600;

// A literal address handed to a request: an option `url: "…"`, or the first argument of a request call.
// A literal followed by "+" is the start of an address the code builds. jQuery's load("list.html
// #items") names a part of the page after a space.
const REQUEST_CALL =
  /(?<call>\burl\s*:|\$\.(?:getJSON|get|post|ajax|getScript)\s*\(|\bfetch\s*\(|\baxios(?:\.(?:get|post))?\s*\(|\.open\s*\(\s*["'](?:GET|POST)["']\s*,|\.load\s*\()\s*(?<quote>["'`])(?<address>[^"'`\s<>\\]{1,500})(?: [^"'`<>\\]{1,200})?\k<quote>(?<plus>\s*\+)?/gi;
const METHOD_OPTION = /\b(?:type|method)\s*:\s*["'](post|get)["']/i;
const DATA_OPTION = /\b(?:data|params)\s*:\s*(?=\{)/;
/** A data file the page loads by name (`list.js`, `data_list.js`, `newslist.js`), not a library. */
const DATA_SCRIPT_SRC = /<script\b[^>]{0,500}?\ssrc\s*=\s*["']?([^"'\s>]{1,500})/gi;
const DATA_FILE_NAME = /^[\w.-]{0,40}(?:list|data)[\w.-]{0,40}\.js$/i;
/** What a page also asks for that is never its list: assets, counters, sharing, log-in. */
const NOT_A_LIST =
  /\.(?:css|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|mp[34]|swf)(?:[?#]|$)|(?:^|[/_.?=&-])(?:count(?:er)?|visit|hits?|click|stat(?:istic)?s?|track|analytics|log|login|captcha|share|like|comment|weather)(?:[/_.?=&-]|$)/i;
const LIBRARY = /(?:^|[/_.-])(?:jquery|vue|react|axios|layui|bootstrap|echarts|swiper|common|main|base)/i;
/** jQuery's JSONP placeholder (`callback=?`), which it replaces with a function name of its own. */
const JSONP_PLACEHOLDER = /([?&][\w.-]*callback[\w.-]*=)\?(?=&|#|$)/i;

/** `var channelId = "12";`: a name the page's scripts give a plain value once. */
const ASSIGNMENT =
  /\b(?:var|let|const)\s+([A-Za-z_$][\w$]{0,60})\s*=\s*(?:(["'])([^"'\\\n]{0,300})\2|(\d{1,15}))\s*(?=[;,\n}]|$)/g;
/** One more piece of a concatenation: `+ "…"` or `+ name`, and whether another "+" follows. */
const PIECE = /^\s*(?:(["'])([^"'\\\n]{0,300})\1|([A-Za-z_$][\w$]{0,60})(?![\w$.([]))\s*(\+)?/;
const MAX_PIECES = 8;

/** The plain values the page's scripts name (a name given two different values is not one). */
function plainValues(html: string, scripts: { start: number; end: number }[]): Map<string, string | null> {
  const values = new Map<string, string | null>();
  for (const script of scripts) {
    const body = html.slice(script.start, Math.min(script.end, script.start + MAX_SCRIPT_CHARS));
    for (const m of body.matchAll(ASSIGNMENT)) {
      const value = m[3] ?? m[4] ?? "";
      const name = m[1]!;
      values.set(name, values.has(name) && values.get(name) !== value ? null : value);
    }
  }
  return values;
}

/**
 * The address a concatenation makes (`"/api/list?channelId=" + channelId + "&page=1"`), when each of its
 * names has one plain value in the page's scripts; undefined when any piece is code.
 */
function concatenated(
  body: string,
  start: string,
  from: number,
  values: Map<string, string | null>,
): { address: string; end: number } | undefined {
  let address = start;
  let at = from;
  for (let pieces = 0; pieces < MAX_PIECES; pieces++) {
    const piece = PIECE.exec(body.slice(at, at + 400));
    if (!piece) return undefined;
    const value = piece[3] === undefined ? piece[2] : values.get(piece[3]);
    if (value === undefined || value === null) return undefined;
    address += value;
    at += piece[0].length;
    if (!piece[4]) return /^\s*[,)}\]\n;]/.test(body.slice(at, at + 20)) ? { address, end: at } : undefined;
  }
  return undefined;
}

/** An address a column page's script asks for its list, and the form it posts there, if it posts. */
export interface DataSource {
  url: string;
  form?: Record<string, string>;
}

function resolved(address: string, base: string): string | undefined {
  if (address.includes("${") || address.startsWith("#") || /^(?:javascript|data|mailto):/i.test(address))
    return undefined;
  try {
    const url = new URL(address, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface ScriptSources {
  /** What the page's script asks for its list, resolved; at most three. */
  sources: DataSource[];
  /** The fixed starts of addresses its code builds (`"/api/list?channelId=" + id`), resolved. */
  built: string[];
}

/** A data literal of plain values (`{ channelId: 12, pageNo: 1 }`) as request parameters. */
function paramsAt(text: string, at: number, end: number): Record<string, string> | undefined {
  const value = readLiteral(text, at, Math.min(end, at + 2000));
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const params: Record<string, string> = {};
  for (const [key, v] of Object.entries(value))
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") params[key] = String(v);
  return params;
}

/**
 * The braces of the object literal around `at` (counted naively: braces in strings are rare in these
 * options), within bounds; without them, from `at` to `fallbackEnd`.
 */
function enclosingObject(body: string, at: number, fallbackEnd: number): [number, number] {
  let depth = 0;
  let open = -1;
  for (let i = at - 1; i >= Math.max(0, at - OPTIONS_BEFORE); i--) {
    const c = body.charCodeAt(i);
    if (c === 125) depth++;
    else if (c === 123) {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return [at, fallbackEnd];
  depth = 0;
  const limit = Math.min(body.length, at + OPTIONS_AFTER * 4);
  for (let i = open + 1; i < limit; i++) {
    const c = body.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) {
      if (depth === 0) return [open, i + 1];
      depth--;
    }
  }
  return [open, fallbackEnd];
}

/** The method and parameters the call around an address gives, where it writes them as literals. */
function requestOf(
  body: string,
  match: RegExpExecArray,
  nextMatchAt: number,
  /** Where the address ends (after a concatenation, past the match). */
  after: number,
): { post: boolean; params?: Record<string, string> } {
  const call = match.groups?.call ?? "";
  if (/^url/i.test(call)) {
    // An options object ($.ajax, axios): its other options are within its braces.
    const [start, end] = enclosingObject(body, match.index, Math.min(nextMatchAt, after + OPTIONS_AFTER));
    const window = body.slice(start, end);
    const post = METHOD_OPTION.exec(window)?.[1]?.toLowerCase() === "post";
    const data = DATA_OPTION.exec(window);
    const params = data ? paramsAt(body, start + data.index + data[0].length, body.length) : undefined;
    return { post, ...(params ? { params } : {}) };
  }
  const post = /post/i.test(call);
  const second = /^\s*,\s*(?=\{)/.exec(body.slice(after, after + 100));
  const params = second ? paramsAt(body, after + second[0].length, body.length) : undefined;
  return { post, ...(params ? { params } : {}) };
}

/** The source an address and its request make: GET parameters join the query, POST ones are its form. */
function sourceOf(url: string, request: { post: boolean; params?: Record<string, string> }): DataSource {
  if (request.post) return { url, form: request.params ?? {} };
  if (!request.params) return { url };
  const withQuery = new URL(url);
  for (const [key, value] of Object.entries(request.params))
    if (!withQuery.searchParams.has(key)) withQuery.searchParams.set(key, value);
  return { url: withQuery.href };
}

/**
 * What a page's script asks for its list, resolved against `base` (the page's base URL, as the browser
 * resolves them), in the order the page names them, without the page itself.
 */
export function scriptDataSources(html: string, base: string): ScriptSources {
  const found: ScriptSources = { sources: [], built: [] };
  const self = base.split("#")[0];
  const accept = (address: string): string | undefined => {
    const url = resolved(address.replace(JSONP_PLACEHOLDER, "$1jsonpCallback"), base);
    return url && url !== self && !NOT_A_LIST.test(url) ? url : undefined;
  };
  const addSource = (source: DataSource) => {
    if (found.sources.length < MAX_SOURCES && !found.sources.some((s) => s.url === source.url))
      found.sources.push(source);
  };
  if (!/<script/i.test(html)) return found;
  const scripts = inlineScripts(html);
  let values: Map<string, string | null> | undefined;
  for (const script of scripts) {
    const body = html.slice(script.start, Math.min(script.end, script.start + MAX_SCRIPT_CHARS));
    const matches = [...body.matchAll(REQUEST_CALL)];
    for (const [i, match] of matches.entries()) {
      let address = match.groups?.address ?? "";
      let after = match.index + match[0].length;
      if (match.groups?.plus) {
        values ??= plainValues(html, scripts);
        const whole = concatenated(body, address, match.index + match[0].length, values);
        if (!whole) {
          const start = accept(address);
          if (start && found.built.length < MAX_SOURCES && !found.built.includes(start))
            found.built.push(start);
          continue;
        }
        ({ address, end: after } = whole);
      }
      const url = accept(address);
      if (!url) continue;
      addSource(sourceOf(url, requestOf(body, match, matches[i + 1]?.index ?? body.length, after)));
      if (found.sources.length >= MAX_SOURCES) return found;
    }
  }
  for (const match of html.slice(0, MAX_SCRIPT_CHARS * 5).matchAll(DATA_SCRIPT_SRC)) {
    const address = match[1]!;
    const name = address.split(/[?#]/)[0]!.split("/").at(-1) ?? "";
    const url = DATA_FILE_NAME.test(name) && !LIBRARY.test(name) ? accept(address) : undefined;
    if (url) addSource({ url });
    if (found.sources.length >= MAX_SOURCES) break;
  }
  return found;
}
