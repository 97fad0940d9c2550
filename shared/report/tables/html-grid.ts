// An HTML <table> as a true grid: rowspan/colspan resolved so that every row has one entry per column
// (a spanned cell's text is repeated in every slot it covers); cell text with in-cell line breaks joined
// without the break ("商业<br>企业" → "商业企业"); empty rows and columns removed. Bounded in rows/columns.
import type { AnyNode, Element } from "domhandler";

export const MAX_TABLE_ROWS = 20_000;
export const MAX_TABLE_COLUMNS = 200;
const MAX_CELL_CHARS = 5_000;

export interface ImageRef {
  src?: string;
  alt?: string;
}

const BLOCK_TAGS = new Set(
  (
    "address article aside blockquote center dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr " +
    "li main nav ol p pre section table tbody td tfoot th thead tr ul"
  ).split(" "),
);

export function isElement(node: AnyNode): node is Element {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

export function isBlockTag(name: string): boolean {
  return BLOCK_TAGS.has(name);
}

export function collapseSpace(text: string): string {
  return text.replace(/[ \t\n\r\f\u00a0]+/g, " ");
}

/** Joins in-cell lines: nothing between Chinese characters, a space between Latin words. */
export function joinCellLines(lines: string[]): string {
  let out = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    const needsSpace = out !== "" && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(line);
    out += needsSpace ? ` ${line}` : line;
  }
  return out;
}

/** Text lines and images under a node, without recursion (deep documents must not overflow the stack). */
export function gatherText(
  root: AnyNode,
  maxChars = MAX_CELL_CHARS,
): { lines: string[]; images: ImageRef[] } {
  const lines: string[] = [];
  const images: ImageRef[] = [];
  let current = "";
  let total = 0;
  const stack: (AnyNode | "break")[] = [root];
  while (stack.length > 0 && total < maxChars) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === "break") {
      if (current.trim() !== "") lines.push(current);
      current = "";
      continue;
    }
    if (node.type === "text") {
      const text = collapseSpace(node.data);
      current += text;
      total += text.length;
      continue;
    }
    if (!isElement(node) || node.type !== "tag") continue;
    if (node.name === "br") {
      stack.push("break");
      continue;
    }
    if (node.name === "img") {
      images.push(imageRef(node));
      continue;
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) stack.push("break");
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
    if (block) stack.push("break");
  }
  if (current.trim() !== "") lines.push(current);
  return { lines, images };
}

export function imageRef(node: Element): ImageRef {
  const ref: ImageRef = {};
  const src = node.attribs.src ?? node.attribs["data-src"] ?? node.attribs["data-original"];
  if (src) ref.src = src.trim().slice(0, 2_000);
  if (node.attribs.alt) ref.alt = node.attribs.alt.trim().slice(0, 500);
  return ref;
}

/**
 * The text of a cell, as joinCellLines(gatherText(cell).lines) gives it, plus its images. Most cells
 * hold one text node and nothing else; they skip the general walk.
 */
function cellText(cell: Element): { text: string; images: ImageRef[] } {
  const only = cell.children.length === 1 ? cell.children[0] : undefined;
  if (cell.children.length === 0) return { text: "", images: NO_IMAGES };
  if (only?.type === "text") return { text: collapseSpace(only.data).trim(), images: NO_IMAGES };
  const gathered = gatherText(cell);
  return { text: joinCellLines(gathered.lines), images: gathered.images };
}

/** joinCellLines(gatherText(node, maxChars).lines) of an element, with cellText's shortcut. */
export function elementText(node: Element, maxChars = MAX_CELL_CHARS): string {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  if (node.type === "tag" && node.children.length === 0) return "";
  if (node.type === "tag" && only?.type === "text") return collapseSpace(only.data).trim();
  return joinCellLines(gatherText(node, maxChars).lines);
}

const NO_IMAGES: ImageRef[] = [];

function childElements(node: Element): Element[] {
  return node.children.filter((c): c is Element => c.type === "tag");
}

/** Whether a table holds another table (a layout table, walked as a container). */
export function hasNestedTable(table: Element): boolean {
  const stack: AnyNode[] = [...table.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || !isElement(node)) continue;
    if (node.name === "table") return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}

/** The <tr> rows of this table, not of tables nested in its cells. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of childElements(table)) {
    if (child.name === "tr") rows.push(child);
    else if (child.name === "thead" || child.name === "tbody" || child.name === "tfoot") {
      for (const tr of childElements(child)) if (tr.name === "tr") rows.push(tr);
    }
    if (rows.length >= MAX_TABLE_ROWS) break;
  }
  return rows.slice(0, MAX_TABLE_ROWS);
}

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? "1", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

export interface HtmlGrid {
  rows: string[][];
  images: ImageRef[];
  longestCell: number;
}

export function buildGrid(table: Element): HtmlGrid {
  const trs = tableRows(table);
  const slots: (string | undefined)[][] = trs.map(() => []);
  const images: ImageRef[] = [];
  let longestCell = 0;
  trs.forEach((tr, r) => {
    const slotRow = slots[r] ?? [];
    let col = 0;
    for (const cell of childElements(tr)) {
      if (cell.name !== "td" && cell.name !== "th") continue;
      while (slotRow[col] !== undefined) col++;
      if (col >= MAX_TABLE_COLUMNS) break;
      const gathered = cellText(cell);
      for (const image of gathered.images) images.push(image);
      const text = gathered.text;
      longestCell = Math.max(longestCell, text.length);
      const rowSpan = span(cell.attribs.rowspan, trs.length - r);
      const colSpan = span(cell.attribs.colspan, MAX_TABLE_COLUMNS - col);
      for (let dr = 0; dr < rowSpan; dr++) {
        const target = slots[r + dr];
        if (!target) break;
        for (let dc = 0; dc < colSpan; dc++) if (target[col + dc] === undefined) target[col + dc] = text;
      }
      col += colSpan;
    }
  });
  return { rows: tidyGrid(slots), images, longestCell };
}

/** Pads rows to one width, then drops rows and columns that are empty throughout. */
function tidyGrid(slots: (string | undefined)[][]): string[][] {
  let width = 0;
  for (const row of slots) if (row.length > width) width = row.length;
  const rows: string[][] = [];
  const used = new Uint8Array(width);
  for (const slotRow of slots) {
    const row: string[] = [];
    let filled = false;
    for (let c = 0; c < width; c++) {
      const cell = slotRow[c] ?? "";
      row.push(cell);
      if (cell !== "") filled = true;
    }
    if (!filled) continue;
    for (let c = 0; c < width; c++) if (row[c] !== "") used[c] = 1;
    rows.push(row);
  }
  if (used.every((u) => u === 1)) return rows;
  const keep: number[] = [];
  for (let c = 0; c < width; c++) if (used[c] === 1) keep.push(c);
  return rows.map((row) => keep.map((c) => row[c] ?? ""));
}
