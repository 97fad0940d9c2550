// Hanweb (大汉) jcms, the CMS behind most Zhejiang government sites, ships a column's entries as CDATA
// records in a <script type="text/xml"> datastore, which its jpage script draws as the list:
//   <datastore><recordset><record><![CDATA[<li><a href="/art/2024/1/19/art_…html">…</a></li>]]></record>…
// Link scanners skip script content, so the column would look empty. Pure, bounded.

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
