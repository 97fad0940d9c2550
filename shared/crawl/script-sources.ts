// Where a column page's script fetches its list from: the page links no entry and holds none in its
// script data, but asks an address for them (`$.ajax({ url: "/api/…/list?channelId=12" })`, `$.getJSON`,
// `fetch`, `axios`, an XMLHttpRequest), or loads a data file (`<script src="js/list.js">`). Only a whole
// address written as a literal is taken: one the code builds (`"/api/list?id=" + id`) is not guessed at.
// Pure, bounded, never throws.
import { inlineScripts } from "./script-data.ts";

/** Addresses taken from one page: a column's script asks one or two, more is a framework's plumbing. */
const MAX_SOURCES = 3;
const MAX_SCRIPT_CHARS = 200_000;

// A literal address handed to a request: an option `url: "…"`, or the first argument of a request call.
// A literal followed by "+" is the start of an address the code builds: not fetched, but said. jQuery's
// load("list.html #items") names a part of the page after a space.
const REQUEST_CALL =
  /(?:\burl\s*:\s*|\$\.(?:getJSON|get|post|ajax|getScript)\s*\(\s*|\bfetch\s*\(\s*|\baxios(?:\.(?:get|post))?\s*\(\s*|\.open\s*\(\s*["'](?:GET|POST)["']\s*,\s*|\.load\s*\(\s*)(["'`])([^"'`\s<>\\]{1,500})(?: [^"'`<>\\]{1,200})?\1(\s*\+)?/gi;
/** A data file the page loads by name (`list.js`, `data_list.js`, `newslist.js`), not a library. */
const DATA_SCRIPT_SRC = /<script\b[^>]{0,500}?\ssrc\s*=\s*["']?([^"'\s>]{1,500})/gi;
const DATA_FILE_NAME = /^[\w.-]{0,40}(?:list|data)[\w.-]{0,40}\.js$/i;
/** What a page also asks for that is never its list: assets, counters, sharing, log-in. */
const NOT_A_LIST =
  /\.(?:css|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|mp[34]|swf)(?:[?#]|$)|(?:^|[/_.?=&-])(?:count(?:er)?|visit|hits?|click|stat(?:istic)?s?|track|analytics|log|login|captcha|share|like|comment|weather)(?:[/_.?=&-]|$)/i;
const LIBRARY = /(?:^|[/_.-])(?:jquery|vue|react|axios|layui|bootstrap|echarts|swiper|common|main|base)/i;

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
  /** Whole addresses the page's script asks for its list, resolved; at most three. */
  sources: string[];
  /** The fixed starts of addresses its code builds (`"/api/list?channelId=" + id`), resolved. */
  built: string[];
}

/**
 * The addresses a page's script asks for its list, resolved against `base` (the page's base URL, as the
 * browser resolves them), in the order the page names them, without the page itself.
 */
export function scriptDataSources(html: string, base: string): ScriptSources {
  const found: ScriptSources = { sources: [], built: [] };
  const self = base.split("#")[0];
  const add = (address: string, into: string[]) => {
    const url = resolved(address, base);
    if (url && url !== self && !NOT_A_LIST.test(url) && !into.includes(url) && into.length < MAX_SOURCES)
      into.push(url);
  };
  if (!/<script/i.test(html)) return found;
  for (const script of inlineScripts(html)) {
    const body = html.slice(script.start, Math.min(script.end, script.start + MAX_SCRIPT_CHARS));
    for (const match of body.matchAll(REQUEST_CALL)) {
      add(match[2]!, match[3] ? found.built : found.sources);
      if (found.sources.length >= MAX_SOURCES) return found;
    }
  }
  for (const match of html.slice(0, MAX_SCRIPT_CHARS * 5).matchAll(DATA_SCRIPT_SRC)) {
    const address = match[1]!;
    const name = address.split(/[?#]/)[0]!.split("/").at(-1) ?? "";
    if (DATA_FILE_NAME.test(name) && !LIBRARY.test(name)) add(address, found.sources);
    if (found.sources.length >= MAX_SOURCES) break;
  }
  return found;
}
