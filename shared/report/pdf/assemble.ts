// Reading order for the whole document: per page, tables and lines top to bottom; then wrapped lines
// joined into paragraphs and tables continued on the next page joined into one grid.
import type { Block } from "../../domain/report.ts";
import { findAlignedTables } from "./aligned-tables.ts";
import { buildLines, joinTokens, joinWrapped, tidyText, tokensOf } from "./lines.ts";
import { removeFurniture } from "./page-furniture.ts";
import type { Line, PageContent } from "./page-model.ts";
import { findRuledTables } from "./ruled-tables.ts";
import { continueTable } from "./table-continuation.ts";

type Item =
  | { kind: "line"; line: Line; y: number; page: number }
  | { kind: "table"; rows: string[][]; y: number; page: number; firstRowSpans?: number[] }
  | { kind: "image"; page: number; y: number };

function pageItems(pages: PageContent[]): Item[] {
  const ruledByPage = pages.map((page) =>
    findRuledTables(
      page.segments,
      page.runs.flatMap((run) => tokensOf(run)),
    ),
  );
  const linesByPage = removeFurniture(
    pages,
    ruledByPage.map((ruled, p) => buildLines(ruled.rest, p)),
  );
  const items: Item[] = [];
  pages.forEach((page, p) => {
    const lines = linesByPage[p] ?? [];
    const ruled = ruledByPage[p]?.tables ?? [];
    const pageItemsList: Item[] = ruled.map((t) => ({
      kind: "table",
      rows: t.rows,
      y: t.top,
      page: p,
      firstRowSpans: t.firstRowSpans,
    }));
    const aligned = findAlignedTables(lines);
    const consumed = new Set<number>();
    for (const table of aligned) {
      for (let k = table.from; k <= table.to; k++) consumed.add(k);
      pageItemsList.push({ kind: "table", rows: table.rows, y: lines[table.from]?.y ?? 0, page: p });
    }
    lines.forEach((line, k) => {
      if (!consumed.has(k)) pageItemsList.push({ kind: "line", line, y: line.y, page: p });
    });
    if (page.runs.length === 0 && page.imageCount > 0) pageItemsList.push({ kind: "image", page: p, y: 0 });
    pageItemsList.sort((a, b) => b.y - a.y);
    items.push(...pageItemsList);
  });
  return items;
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [v, n] of counts)
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  return best;
}

interface BodyGeometry {
  left: number;
  right: number;
  size: number;
}

function bodyGeometry(lines: Line[]): BodyGeometry {
  const long = lines.filter((l) => l.tokens.reduce((n, t) => n + t.text.length, 0) >= 10);
  const sample = long.length > 0 ? long : lines;
  const rights = sample.map((l) => l.x1).sort((a, b) => a - b);
  // The body's left edge is the leftmost edge that many lines share: first lines are indented, and a
  // document of short headings may have more indented lines than wrapped ones.
  const edges = sample.map((l) => Math.round(l.x0)).sort((a, b) => a - b);
  const common = edges.find(
    (edge) => edges.filter((e) => Math.abs(e - edge) <= 1).length >= Math.max(2, edges.length * 0.1),
  );
  return {
    left: common ?? mode(edges) ?? 0,
    right: rights[Math.floor(rights.length * 0.9)] ?? 0,
    size: mode(sample.map((l) => Math.round(l.size * 2) / 2)) ?? 10,
  };
}

const HEADING_START = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])/u;

/** A line ending short of this share of its page's width never reached a right margin. */
const MARGIN_SHARE = 0.6;

function continues(
  previous: Line,
  line: Line,
  body: BodyGeometry,
  newPage: boolean,
  previousPage: PageContent["box"] | undefined,
): boolean {
  const size = Math.min(previous.size, line.size);
  if (Math.abs(previous.size - line.size) > 0.5) return false;
  if (previous.x1 < body.right - 1.5 * size) return false; // a short line ends its paragraph
  // The body's right edge is measured from the document's own lines: on a page of a few short lines
  // (a title, then "发布日期：…") the longest of them would pass for the margin.
  if (previousPage && previous.x1 < previousPage.x0 + MARGIN_SHARE * (previousPage.x1 - previousPage.x0))
    return false;
  if (line.x0 > body.left + 0.6 * size) return false; // an indented line starts one
  if (HEADING_START.test(joinTokens(line.tokens))) return false;
  return newPage || previous.y - line.y <= 2.2 * size;
}

function textBlock(parts: string[]): Block {
  const raw = joinWrapped(parts);
  return { kind: "text", text: tidyText(raw), raw };
}

function sameColumns(a: string[][], b: string[][]): boolean {
  return (a[0]?.length ?? -1) === (b[0]?.length ?? -2);
}

/** Blocks in reading order, plus the title (the large-type lines opening the first page). */
export function assemble(
  pages: PageContent[],
  /** The fixed-layout format the pages come from, recorded on its tables. */
  source: "pdf" | "ofd" = "pdf",
): { blocks: Block[]; title?: string } {
  const items = pageItems(pages);
  const lines = items.flatMap((i) => (i.kind === "line" ? [i.line] : []));
  const body = bodyGeometry(lines);
  const blocks: Block[] = [];
  let title: string | undefined;
  let paragraph: string[] = [];
  let lastLine: Line | undefined;
  let lastTable: { rows: string[][]; page: number } | undefined;
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push(textBlock(paragraph));
    paragraph = [];
  };

  let titleParts: string[] = [];
  let seenBody = false;
  for (const item of items) {
    if (item.kind === "line") {
      const text = joinTokens(item.line.tokens);
      if (!seenBody && item.page === 0 && item.line.size >= 1.15 * body.size) {
        titleParts.push(text);
        lastLine = undefined;
        continue;
      }
      if (!seenBody && titleParts.length > 0) {
        title = tidyText(joinWrapped(titleParts));
        blocks.push(textBlock(titleParts));
        titleParts = [];
      }
      seenBody = true;
      const joins =
        lastLine &&
        continues(lastLine, item.line, body, lastLine.page !== item.page, pages[lastLine.page]?.box);
      if (joins) paragraph.push(text);
      else {
        flush();
        paragraph = [text];
      }
      lastLine = item.line;
      lastTable = undefined;
      continue;
    }
    flush();
    lastLine = undefined;
    if (item.kind === "image") {
      blocks.push({ kind: "image", alt: `page ${item.page + 1}` });
      lastTable = undefined;
      continue;
    }
    const previousBlock = blocks[blocks.length - 1];
    if (
      lastTable &&
      previousBlock?.kind === "table" &&
      lastTable.page < item.page &&
      sameColumns(lastTable.rows, item.rows)
    ) {
      continueTable(previousBlock.rows, item.rows, item.firstRowSpans);
      lastTable = { rows: previousBlock.rows, page: item.page };
      continue;
    }
    blocks.push({ kind: "table", rows: item.rows, source });
    lastTable = { rows: item.rows, page: item.page };
  }
  flush();
  if (titleParts.length > 0) {
    title = tidyText(joinWrapped(titleParts));
    blocks.unshift(textBlock(titleParts));
  }
  return title === undefined ? { blocks } : { blocks, title };
}
