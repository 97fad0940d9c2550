// Hanweb (大汉) jcms, the CMS behind most Zhejiang government sites, ships a column's entries as CDATA
// records in a <script type="text/xml"> datastore, which its jpage script draws as the list:
//   <datastore><recordset><record><![CDATA[<li><a href="/art/2024/1/19/art_…html">…</a></li>]]></record>…
// Link scanners skip script content, so the column would look empty. Later groups of records come from
// the datastore's <nextgroup> address (hanwebNextGroup, below). Pure, bounded.

/** Records beyond these are not read (a column's first datastore holds a few pages of entries). */
const MAX_RECORDS = 2000;
const MAX_SCAN_CHARS = 2_000_000;
const RECORD = /<record>\s*<!\[CDATA\[([\s\S]{0,20000}?)\]\]>\s*<\/record>/gi;

/** The HTML of the page's datastore records, joined, or undefined when the page has none. */
export function datastoreRecords(html: string): string | undefined {
  if (html.indexOf("<record") < 0 && html.indexOf("<RECORD") < 0) return undefined;
  const text = html.length > MAX_SCAN_CHARS ? html.slice(0, MAX_SCAN_CHARS) : html;
  const records: string[] = [];
  RECORD.lastIndex = 0;
  for (let match = RECORD.exec(text); match && records.length < MAX_RECORDS; match = RECORD.exec(text)) {
    records.push(match[1] ?? "");
  }
  return records.length > 0 ? records.join("\n") : undefined;
}

// The rest of a long column: the datastore holds its first group of records (a few pages' worth); the
// jpage script fetches the next ones from the <nextgroup> address (dataproxy.jsp) with startrecord,
// endrecord and perpage, and the answer is another datastore. A shared column of a county's departments
// easily holds hundreds of entries, and a bureau's own report may be far down it.
// Each is looked for from where its fixed first word is found (a plain search), not by a regular
// expression run over the whole page.
const NEXT_GROUP = /^<nextgroup>\s*<!\[CDATA\[\s*<a\s+href\s*=\s*["']([^"']{1,2000})["']/;
const TOTAL_RECORD = /^(?:totalRecord\s*:\s*['"]?|<totalrecord>\s*)(\d{1,7})/;
const PER_PAGE = /^perPage\s*:\s*['"]?(\d{1,4})/;
/** Records asked for at a time when the page does not say how many it shows. */
const DEFAULT_PER_PAGE = 15;

function countRecords(text: string): number {
  let count = 0;
  for (const tag of ["<record>", "<RECORD>"]) {
    for (let at = text.indexOf(tag); at >= 0 && count < MAX_RECORDS; at = text.indexOf(tag, at + tag.length))
      count++;
  }
  return count;
}

/** The first match of `pattern` (anchored) where one of `words` starts. */
function matchAt(text: string, words: readonly string[], pattern: RegExp): RegExpExecArray | null {
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      const match = pattern.exec(text.slice(at, at + 2200));
      if (match) return match;
    }
  }
  return null;
}

/**
 * The address of the column's next group of records, for a Hanweb column page or a dataproxy answer
 * (whose address carries the group it holds), or undefined when this group holds the last records.
 */
export function hanwebNextGroup(html: string, pageUrl: string): string | undefined {
  if (html.indexOf("<record") < 0 && html.indexOf("<RECORD") < 0) return undefined;
  const text = html.length > MAX_SCAN_CHARS ? html.slice(0, MAX_SCAN_CHARS) : html;
  const records = countRecords(text);
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return undefined;
  }
  const start = Number(page.searchParams.get("startrecord"));
  const end = Number(page.searchParams.get("endrecord"));
  if (start > 0 && end >= start) {
    // A dataproxy answer: the next group of the same size, unless this one came back short.
    if (records < end - start + 1) return undefined;
    return groupUrl(page, end + 1, end + (end - start + 1));
  }
  if (records === 0) return undefined;
  const href = matchAt(text, ["<nextgroup>"], NEXT_GROUP)?.[1];
  if (!href) return undefined;
  const totalMatch = matchAt(text, ["totalRecord", "<totalrecord>"], TOTAL_RECORD);
  const total = totalMatch ? Number(totalMatch[1]) : undefined;
  const perPage = Number(matchAt(text, ["perPage"], PER_PAGE)?.[1] ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE;
  // Every record shown already, or (with no total said) a group that is not a whole number of pages.
  if (total !== undefined ? total <= records : records % perPage !== 0) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(href.replaceAll("&amp;", "&"), page);
  } catch {
    return undefined;
  }
  const size = Math.max(records, perPage);
  return groupUrl(proxy, records + 1, records + size, perPage);
}

const PAGING = new Set(["startrecord", "endrecord", "perpage"]);

/**
 * How the column's script asks for a group: a POST to the group's address (dataproxy.jsp, or a portal's
 * morecolumndataproxy.jsp) with the column's parameters (the nextgroup address's, less the paging) as a
 * form. Undefined for any other URL: another CMS's pagination may use the same parameter names.
 */
export function hanwebGroupForm(url: string): Record<string, string> | undefined {
  // Every listing is asked this: most are no group, and say so without being parsed.
  if (!url.includes("startrecord=")) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!/dataproxy\.jsp$/i.test(parsed.pathname)) return undefined;
  const params = parsed.searchParams;
  if (!/^\d+$/.test(params.get("startrecord") ?? "") || !/^\d+$/.test(params.get("endrecord") ?? ""))
    return undefined;
  const form: Record<string, string> = {};
  for (const [name, value] of params) if (!PAGING.has(name) && !(name in form)) form[name] = value;
  return form;
}

function groupUrl(base: URL, start: number, end: number, perPage?: number): string {
  const url = new URL(base.href);
  url.searchParams.set("startrecord", String(start));
  url.searchParams.set("endrecord", String(end));
  if (perPage !== undefined || !url.searchParams.has("perpage"))
    url.searchParams.set("perpage", String(perPage ?? DEFAULT_PER_PAGE));
  return url.href;
}
