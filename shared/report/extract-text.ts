// Plain text (mirror copies, decoded attachments) to blocks: one text block per non-empty line, text tables
// as table blocks (grid conventions in tables/text-grid.ts), metadata bars and tables into pageMeta.
// Blocks carry the raw text (text = raw); the composer normalises.
import type { Block, ExtractedDocument } from "../domain/report.ts";
import { addMeta } from "./page-meta.ts";
import { segmentLines, takeMetaLine } from "./tables/text-grid.ts";

const MAX_TEXT_CHARS = 10 * 1024 * 1024;
const MAX_LINES = 200_000;
/** Metadata bars sit above or below the body; in between a "时间：" line is body text. */
const META_HEAD_LINES = 20;
const META_TAIL_LINES = 10;
const TITLE_SCAN_LINES = 5;

function titleOf(lines: string[]): string | undefined {
  const head = lines
    .filter((l) => l.trim() !== "")
    .slice(0, TITLE_SCAN_LINES)
    .map((l) => l.trim());
  const index = head.findIndex(
    (l) =>
      l.length <= 80 &&
      /报告|報告|年报|年報/.test(l) &&
      !/^[一二三四五六七八九十]+、/.test(l) &&
      // a breadcrumb ("首页 > 政务公开 > … > 年度报告") names the column, not the report
      !/首页|当前位置|您的位置|[>›»＞].*[>›»＞]/.test(l) &&
      !/[。；;，,]/.test(l),
  );
  const title = head[index];
  // a title broken after its year or its organ ("宿州市人民政府2016年" / "政府信息公开工作年度报告",
  // "乌海市工业和信息化局" / "政府信息公开工作年度报告") is one title
  const before = head[index - 1] ?? "";
  const brokenAfterYear = !/(19|20)\d{2}/.test(title ?? "") && /(19|20)\d{2}\s*年度?$/.test(before);
  const brokenAfterOrgan =
    /^((19|20)\d{2}\s*年度?)?(政府|政务)?信息公开/.test(title ?? "") &&
    /(局|委|厅|办公室|人民政府|街道办事处|街道|镇|乡|中心|院|署|部)$/.test(before);
  if (title && before.length <= 30 && !/[。；;，,>]/.test(before) && (brokenAfterYear || brokenAfterOrgan))
    return `${before}${title}`;
  return title;
}

/**
 * Markdown heading marks and emphasis ("## 一、总体情况", "**（一）…**"), as left by document converters
 * that save reports as text: dropped so the line reads as the heading it is. Table lines are left alone.
 */
function stripMarkdownMarks(line: string): string {
  if (/[|｜]/.test(line)) return line;
  const unheaded = line.replace(/^\s{0,3}#{1,6}(?:\s+|(?=[^#\s]))/, "");
  return unheaded.replace(/\*\*(?=\S)([^*\n]{1,500}?)\*\*/g, "$1");
}

export function extractPlainText(text: string): ExtractedDocument {
  const input = typeof text === "string" ? text.slice(0, MAX_TEXT_CHARS) : "";
  const lines = input
    .replace(/^\ufeff/, "")
    .split(/\r\n|\r|\n|\u2028|\u2029|\f/)
    .slice(0, MAX_LINES)
    .map(stripMarkdownMarks);
  const pageMeta: Record<string, string> = {};
  const blocks: Block[] = [];
  const segments = segmentLines(lines);
  const lastLineIndex = segments.length - 1;

  segments.forEach((segment, index) => {
    if (segment.kind === "meta") {
      addMeta(pageMeta, segment.pairs);
    } else if (segment.kind === "table") {
      blocks.push({ kind: "table", rows: segment.rows, source: segment.source });
    } else if (segment.raw.trim() !== "") {
      const nearEdge = index < META_HEAD_LINES || lastLineIndex - index < META_TAIL_LINES;
      if (nearEdge && takeMetaLine(segment.raw, pageMeta)) return;
      blocks.push({ kind: "text", text: segment.raw, raw: segment.raw });
    }
  });

  const doc: ExtractedDocument = { blocks, pageMeta, links: [], damage: [], mediaType: "text" };
  const title = titleOf(lines);
  if (title) doc.title = title;
  return doc;
}
