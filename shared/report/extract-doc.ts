// Legacy Word (.doc, and WPS files in the same OLE format): body text with word-extractor, tables
// rebuilt as true grids from the row definitions (cell boundaries and merge flags) of each row.
// A .doc URL that actually serves a DOCX is read as DOCX.
import BufferReader from "word-extractor/lib/buffer-reader.js";
import type { Block, ExtractedDocument } from "../domain/report.ts";
import { checkOleStructure } from "./doc/ole-guard.ts";
import {
  CELL_END,
  CELL_PARAGRAPH,
  ROW_END,
  TableAwareWordExtractor,
  type WordRowDef,
} from "./doc/word-tables.ts";
import { extractDocx } from "./extract-docx.ts";

/** The bytes are not a readable Word document (not OLE, corrupt, too large, too slow). Not retryable. */
export class DocReadError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocReadError";
  }
}

export const DOC_LIMITS = { maxBytes: 30 * 1024 * 1024, timeBudgetMs: 30_000, maxBlocks: 50_000 } as const;
const EDGE_TOLERANCE = 30; // twips: boundaries this close are one grid line

interface RawRow {
  cells: string[];
  def: WordRowDef | undefined;
}

function clusterEdges(values: number[]): number[] {
  const edges: number[] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const last = edges[edges.length - 1];
    if (last === undefined || v - last > EDGE_TOLERANCE) edges.push(v);
  }
  return edges;
}

function edgeIndex(edges: number[], value: number): number {
  let best = 0;
  edges.forEach((e, i) => {
    if (Math.abs(e - value) < Math.abs((edges[best] ?? 0) - value)) best = i;
  });
  return best;
}

function cellText(raw: string): string {
  return raw
    .split(CELL_PARAGRAPH)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join("");
}

/** Rows with cell boundaries become a true grid: spans resolved, merged cells repeated in each slot. */
export function gridOfRows(rows: RawRow[]): string[][] {
  const defined = rows.every((r) => r.def && r.def.cells.length === r.cells.length && r.cells.length > 0);
  if (!defined) {
    const width = Math.max(0, ...rows.map((r) => r.cells.length));
    return tidy(rows.map((r) => Array.from({ length: width }, (_, c) => cellText(r.cells[c] ?? ""))));
  }
  const edges = clusterEdges(rows.flatMap((r) => r.def?.cells.flatMap((c) => [c.left, c.right]) ?? []));
  const width = Math.max(1, edges.length - 1);
  const grid: string[][] = [];
  rows.forEach((row, r) => {
    const slots = Array.from({ length: width }, () => "");
    let previousText = "";
    row.def?.cells.forEach((cell, k) => {
      const from = edgeIndex(edges, cell.left);
      const to = Math.max(from + 1, edgeIndex(edges, cell.right));
      let text = cellText(row.cells[k] ?? "");
      if (cell.mergedLeft && text === "") text = previousText;
      for (let c = from; c < to && c < width; c++) {
        slots[c] = cell.mergedUp && text === "" ? (grid[r - 1]?.[c] ?? "") : text;
      }
      previousText = text;
    });
    grid.push(slots);
  });
  return tidy(grid);
}

function tidy(rows: string[][]): string[][] {
  const kept = rows.filter((row) => row.some((c) => c !== ""));
  const width = Math.max(0, ...kept.map((r) => r.length));
  const used = Array.from({ length: width }, (_, c) => kept.some((row) => (row[c] ?? "") !== ""));
  return kept.map((row) => row.filter((_, c) => used[c]));
}

/** Splits the marked body text into text and table blocks. */
export function blocksOfMarkedBody(body: string, rowDefs: WordRowDef[]): Block[] {
  const blocks: Block[] = [];
  let rows: RawRow[] = [];
  let cells: string[] = [];
  let current = "";
  let rowIndex = 0;
  const flushTable = (): void => {
    if (rows.length > 0) {
      const grid = gridOfRows(rows);
      if (grid.length > 0) blocks.push({ kind: "table", rows: grid, source: "doc" });
    }
    rows = [];
  };
  for (const ch of body) {
    if (blocks.length >= DOC_LIMITS.maxBlocks) break;
    if (ch === CELL_END) {
      cells.push(current);
      current = "";
    } else if (ch === ROW_END) {
      rows.push({ cells, def: rowDefs[rowIndex++] });
      cells = [];
      current = "";
    } else if (ch === "\n" && cells.length === 0) {
      flushTable();
      const raw = current.replace(/[\t\u00a0]+/g, " ").trim();
      if (raw !== "") blocks.push({ kind: "text", text: raw, raw });
      current = "";
    } else current += ch === "\n" ? CELL_PARAGRAPH : ch;
  }
  flushTable();
  const raw = current.trim();
  if (raw !== "") blocks.push({ kind: "text", text: raw, raw });
  return blocks;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DocReadError("DOC reading exceeded its time budget")), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Reads a .doc / .wps (OLE) file; a DOCX in disguise is read as DOCX. Throws only `DocReadError`. */
export async function extractDoc(bytes: Uint8Array): Promise<ExtractedDocument> {
  if (bytes.byteLength > DOC_LIMITS.maxBytes) throw new DocReadError("DOC exceeds the size limit");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) {
    const doc = await extractDocx(bytes).catch((cause: unknown) => {
      throw new DocReadError("DOC (a DOCX in disguise) could not be parsed", { cause });
    });
    return doc;
  }
  const problem = checkOleStructure(buffer);
  if (problem) throw new DocReadError(`Not a readable Word document: ${problem}`);
  let body: string;
  let rowDefs: WordRowDef[];
  try {
    const extractor = new TableAwareWordExtractor();
    const reader = new BufferReader(buffer);
    await reader.open();
    const document = await withTimeout(extractor.extract(reader), DOC_LIMITS.timeBudgetMs);
    body = document.getBody({ filterUnicode: false });
    rowDefs = extractor.rowDefs;
  } catch (cause) {
    if (cause instanceof DocReadError) throw cause;
    throw new DocReadError("DOC could not be parsed", { cause });
  }
  const blocks = blocksOfMarkedBody(body, rowDefs);
  const first = blocks.find((b) => b.kind === "text");
  const title = first?.kind === "text" && first.raw.length <= 80 ? first.raw : undefined;
  return {
    blocks,
    ...(title === undefined ? {} : { title }),
    pageMeta: {},
    links: [],
    damage: [],
    mediaType: "doc",
  };
}
