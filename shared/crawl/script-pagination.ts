// TRS-style CMSs (common on gov.cn sites) draw a column's pagination, and split articles' page links,
// with a script: createPageHTML(total, current, "index", "shtml") → index_1.shtml … index_{total-1}.shtml.
// Many templates pass the counts as variables set just before (var countPage = 7; var currentPage = 0;
// createPageHTML(countPage, currentPage, "index", "html")): those are read from the page too.

const CALL =
  /createPageHTML\(\s*(\d{1,5}|[A-Za-z_$][\w$]{0,30})\s*,\s*(\d{1,5}|[A-Za-z_$][\w$]{0,30})\s*,\s*["']([\w-]{1,80})["']\s*,\s*["'](\w{1,8})["']/;

export interface ScriptPagination {
  total: number;
  /** 0-based: 0 is the unnumbered first page. */
  current: number;
  stem: string;
  ext: string;
}

/** A number, or a variable the page sets to one (the last such setting before the call). */
function argumentValue(arg: string, before: string): number | undefined {
  if (/^\d+$/.test(arg)) return Number(arg);
  const escaped = arg.replace(/\$/g, "\\$");
  const setting = new RegExp(`(?:^|[^\\w$.])${escaped}\\s*=\\s*(\\d{1,5})\\s*[;\\n\\r/]`, "g");
  let value: number | undefined;
  for (const match of before.slice(-20_000).matchAll(setting)) value = Number(match[1]);
  return value;
}

/** The page's createPageHTML call, read; undefined when it has none or its counts cannot be known. */
export function scriptPagination(html: string): ScriptPagination | undefined {
  const text = html.length > 500_000 ? html.slice(-500_000) : html;
  const match = CALL.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  const total = argumentValue(match[1] as string, before);
  const current = argumentValue(match[2] as string, before);
  if (total === undefined || current === undefined) return undefined;
  return { total, current, stem: match[3] as string, ext: match[4] as string };
}
