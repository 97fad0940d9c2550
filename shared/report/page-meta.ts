// Page metadata blocks of Chinese government CMSs (SPEC §5.2): "索引号 | … | 发布机构 | …" tables and
// "发布时间：… 信息来源：…" lines. Keys come out normalised (simplified, no spaces, no colon) so that
// "發 布 時 間：" and "发布时间" are one key; values stay as published apart from collapsed whitespace.
import { normaliseLine } from "../text/normalise.ts";

const META_LABELS = [
  "索引号",
  "分类",
  "主题分类",
  "组配分类",
  "体裁分类",
  "信息分类",
  "发布机构",
  "发文机关",
  "发布单位",
  "发文单位",
  "发文日期",
  "成文日期",
  "发布日期",
  "发布时间",
  "生成日期",
  "公开日期",
  "信息来源",
  "来源",
  "来自",
  "时间",
  "日期",
  "文号",
  "发文字号",
  "文件编号",
  "有效性",
  "时效",
  "效力状态",
  "标题",
  "名称",
  "主题词",
  "关键词",
  "公开方式",
  "公开范围",
  "公开时限",
  "作者",
  "发布人",
  "浏览次数",
  "点击数",
  "访问量",
  "阅读次数",
];
const META_SET = new Set(META_LABELS);
/** <meta name> fields Chinese government CMSs fill (keys kept as the CMS names them). */
const META_TAG_NAMES: Record<string, string> = {
  articletitle: "ArticleTitle",
  pubdate: "PubDate",
  contentsource: "ContentSource",
  columnname: "ColumnName",
  columntype: "ColumnType",
  sitename: "SiteName",
  sitedomain: "SiteDomain",
  publishdate: "PublishDate",
  firstpublishedtime: "FirstPublishedTime",
  "article:published_time": "article:published_time",
  author: "Author",
};

/** Labels that end a value on a one-line metadata bar without being metadata themselves. */
const STOP_LABELS = ["字号", "字体", "打印", "关闭", "分享", "扫一扫"];

const MAX_META_LINE = 300;
const MAX_VALUE = 200;

function labelPattern(label: string): string {
  return [...label].join("\\s*");
}

// Longest first, so "发布时间" wins over "时间" at the same position.
const LINE_LABELS = new RegExp(
  `(${[...META_LABELS, ...STOP_LABELS]
    .sort((a, b) => b.length - a.length)
    .map(labelPattern)
    .join("|")})\\s*[:：]`,
  "g",
);
const LOOKS_LABELLED = /^[【[\s]*[\p{Script=Han}\s]{1,10}[:：]/u;
const LEADING_DATE =
  /^\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*/;

function compactKey(text: string): string {
  return normaliseLine(text)
    .replace(/\s+/g, "")
    .replace(/[:：]$/, "");
}

function cleanValue(value: string): string {
  return value
    .replace(/\s+/g, " ")
    .replace(/[\s【[|｜]+$/, "")
    .trim()
    .slice(0, MAX_VALUE);
}

const MAX_REMEMBERED_LABELS = 5_000;
const labelMemory = new Map<string, string | undefined>();

/** The metadata key a table cell names ("发 布 机 构：" → "发布机构"), or undefined. */
export function metaLabelOf(cell: string): string | undefined {
  if (cell.length > 20) return undefined;
  // every cell of every small table is asked, and table cells repeat ("0", "/", labels)
  if (labelMemory.has(cell)) return labelMemory.get(cell);
  const compact = compactKey(cell);
  const key = META_SET.has(compact) ? compact : undefined;
  if (labelMemory.size >= MAX_REMEMBERED_LABELS) labelMemory.clear();
  labelMemory.set(cell, key);
  return key;
}

/**
 * Pairs of a "label：value label：value" line, or null when the line does not start with a known label.
 * Used for metadata bars and for table cells that hold "索引号：…" in one cell.
 */
export function metaPairsOfLine(raw: string): [string, string][] | null {
  // every pattern below needs a colon: most lines and cells have none
  if (raw.length > MAX_META_LINE || (!raw.includes("：") && !raw.includes(":"))) return null;
  // a byline that opens with a bare date ("2022年01月18日 来源：…") dates the page like a labelled one
  const dated = LEADING_DATE.exec(raw);
  if (dated && LOOKS_LABELLED.test(raw.slice(dated[0].length))) {
    const rest = metaPairsOfLine(raw.slice(dated[0].length));
    return rest ? [["日期", dated[0].trim()], ...rest] : null;
  }
  if (!LOOKS_LABELLED.test(raw)) return null;
  const line = normaliseLine(raw);
  const matches = [...line.matchAll(LINE_LABELS)];
  const first = matches[0];
  if (!first || line.slice(0, first.index).replace(/[【[\s]/g, "") !== "") return null;
  const pairs: [string, string][] = [];
  matches.forEach((match, i) => {
    const key = compactKey(match[1] ?? "");
    const end = matches[i + 1]?.index ?? line.length;
    const value = cleanValue(line.slice((match.index ?? 0) + match[0].length, end));
    if (META_SET.has(key) && value !== "") pairs.push([key, value]);
  });
  return pairs;
}

/**
 * Label/value pairs of a metadata table given as rows of cell texts; null when it is not one. A data
 * table whose header happens to say "名称 | 文号 | 时间" is not: labels there are not followed by values,
 * and they are a small share of its cells.
 */
export function metaPairsOfRows(rows: string[][]): [string, string][] | null {
  if (rows.length === 0 || rows.length > 20) return null;
  const pairs: [string, string][] = [];
  let labelled = 0;
  let filled = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i] ?? "";
      if (cell.trim() !== "") filled++;
      const key = metaLabelOf(cell);
      if (key) {
        labelled++;
        const value = cleanValue(row[i + 1] ?? "");
        if (value !== "" && !metaLabelOf(value)) {
          pairs.push([key, value]);
          filled++;
          i++;
        }
        continue;
      }
      const inline = metaPairsOfLine(cell);
      if (inline && inline.length > 0) {
        labelled += inline.length;
        for (const pair of inline) pairs.push(pair);
      }
    }
  }
  return pairs.length >= 2 && labelled * 3 >= filled ? pairs : null;
}

/** Adds pairs without overwriting: the first occurrence of a field is the page's own. */
export function addMeta(target: Record<string, string>, pairs: [string, string][]): void {
  for (const [key, value] of pairs) {
    if (!Object.hasOwn(target, key)) target[key] = value;
  }
}

/** The pageMeta key for a <meta name="…"> tag worth keeping, or undefined. */
export function metaTagKey(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(META_TAG_NAMES, key) ? META_TAG_NAMES[key] : undefined;
}
