// The entries of data a column's script draws as its list (a JSON API's answer, a literal in the page's
// own script): objects anywhere in it with a title and an address, under whatever field names the CMS
// chose, written as the links a browser would show, for the listing analysis to read like any column's.
// Pure, bounded, never throws.

const MAX_ENTRIES = 2000;
const MAX_DEPTH = 16;
const URL_KEY = /^(?:url|link|href|path|\w*(?:url|link|href))$/i;
const TITLE_KEY = /^(?:title|name|subject|headline|\w*title)$/i;
/** An address, absolute or from the site's root. */
const ROOTED = /^(?:https?:\/\/|\/)[^\s"'<>]{1,2000}$/i;
/** A relative address: a path with a folder or a file name in it ("./2024/t1.html", "t1.html"). */
const RELATIVE = /^(?![a-z][\w+.-]*:|\/\/|#)[^\s"'<>\\]{1,2000}$/i;
const NAMES_FILE = /\.[a-z][a-z0-9]{1,4}(?:[?#]|$)/i;
const TAGS = /<[^>]{0,500}>/g;

/**
 * Which addresses are taken: "rooted" ones only (an API's answer, whose relative addresses are relative
 * to a page it does not name), or relative ones too (data in the page itself, relative to that page).
 */
export type AddressPolicy = "rooted" | "relative";

const escapeAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A relative address in a field not named for one: plain path characters only (not "附件：说明.doc"). */
const PLAIN_PATH = /^[\w./%~-]{1,2000}$/;

/** Whether a data value is an address the policy takes, in a field named for one (`url`…) or not. */
export function isAddress(value: string, policy: AddressPolicy, namedField: boolean): boolean {
  if (ROOTED.test(value)) return true;
  if (policy !== "relative" || !RELATIVE.test(value)) return false;
  return namedField ? value.includes("/") || NAMES_FILE.test(value) : PLAIN_PATH.test(value);
}

/**
 * How well a key names an entry's title, best first: "title", then "docTitle"-like keys, then "name",
 * "subject", "headline" (an entry may carry its author's or its column's name besides its title); -1
 * for any other key.
 */
function titleKeyRank(key: string): number {
  if (!TITLE_KEY.test(key)) return -1;
  const lower = key.toLowerCase();
  return lower === "title" ? 0 : lower.endsWith("title") ? 1 : 2;
}

/** The entry of one object: its title and its address, when it has both. */
function entryOf(
  item: Record<string, unknown>,
  policy: AddressPolicy,
): { title: string; url: string } | undefined {
  let title: string | undefined;
  let titleRank = Number.POSITIVE_INFINITY;
  let url: string | undefined;
  for (const [key, value] of Object.entries(item)) {
    if (typeof value !== "string" || value.trim() === "") continue;
    const rank = titleKeyRank(key);
    if (rank >= 0 && rank < titleRank) {
      title = value;
      titleRank = rank;
    } else if (url === undefined && URL_KEY.test(key) && isAddress(value.trim(), policy, true))
      url = value.trim();
  }
  if (url === undefined) {
    for (const value of Object.values(item))
      if (typeof value === "string" && isAddress(value.trim(), policy, false) && NAMES_FILE.test(value)) {
        url = value.trim();
        break;
      }
  }
  // Titles may carry the highlighting markup a search API adds.
  const text = title?.replace(TAGS, "").trim();
  return text && url ? { title: text, url } : undefined;
}

/** The entries found in `root`, as HTML links, one per line (an empty array when there are none). */
export function entryLinks(root: unknown, policy: AddressPolicy): string[] {
  const links: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (links.length >= MAX_ENTRIES || depth > MAX_DEPTH || value === null || typeof value !== "object")
      return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const entry = entryOf(value as Record<string, unknown>, policy);
    if (entry) links.push(`<a href="${escapeAttribute(entry.url)}">${escapeText(entry.title)}</a>`);
    for (const child of Object.values(value)) if (typeof child === "object") visit(child, depth + 1);
  };
  visit(root, 0);
  return links;
}
