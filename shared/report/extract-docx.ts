// DOCX attachments: mammoth turns the document into HTML (it resolves gridSpan into colspan and vMerge
// into rowspan), then tables become true grids with the same rules as web pages (tables/html-grid.ts)
// and paragraphs become text blocks. Images are kept as image blocks without their data.
import { load } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import mammoth from "mammoth";
import type { Block, ExtractedDocument } from "../domain/report.ts";
import { buildGrid, gatherText, imageRef, joinCellLines } from "./tables/html-grid.ts";

/** The bytes are not a readable DOCX (not a zip, no document part, too large, too slow). Not retryable. */
export class DocxReadError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocxReadError";
  }
}

export const DOCX_LIMITS = { maxBytes: 30 * 1024 * 1024, timeBudgetMs: 30_000, maxBlocks: 50_000 } as const;

const TEXT_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li"]);
const CONTAINER_TAGS = new Set(["ul", "ol", "div", "body", "blockquote"]);

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DocxReadError("DOCX reading exceeded its time budget")), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Turns mammoth's HTML into blocks in document order (iterative walk: deep nesting cannot overflow). */
export function blocksOfDocxHtml(html: string): { blocks: Block[]; title?: string } {
  const $ = load(html);
  const blocks: Block[] = [];
  let title: string | undefined;
  const stack: AnyNode[] = [...$.root().children()].reverse().map((n) => n as AnyNode);
  while (stack.length > 0 && blocks.length < DOCX_LIMITS.maxBlocks) {
    const node = stack.pop();
    if (node?.type !== "tag") continue;
    const element = node as Element;
    if (element.name === "table") {
      const grid = buildGrid(element);
      if (grid.rows.length > 0) blocks.push({ kind: "table", rows: grid.rows, source: "docx" });
      else for (const image of grid.images) blocks.push({ kind: "image", ...image });
      continue;
    }
    if (element.name === "img") {
      blocks.push({ kind: "image", ...imageRef(element) });
      continue;
    }
    if (TEXT_TAGS.has(element.name)) {
      const { lines, images } = gatherText(element);
      const raw = joinCellLines(lines);
      if (raw !== "") {
        blocks.push({ kind: "text", text: raw, raw });
        if (title === undefined && element.name === "h1") title = raw;
      }
      for (const image of images) blocks.push({ kind: "image", ...image });
      continue;
    }
    if (CONTAINER_TAGS.has(element.name) || element.children.length > 0)
      for (let i = element.children.length - 1; i >= 0; i--) {
        const child = element.children[i];
        if (child) stack.push(child);
      }
  }
  const firstText = blocks.find((b) => b.kind === "text");
  if (title === undefined && firstText?.kind === "text" && firstText.raw.length <= 80) title = firstText.raw;
  return title === undefined ? { blocks } : { blocks, title };
}

/**
 * Reads a DOCX. Throws only `DocxReadError`. Merged cells come out resolved: each slot of a merged
 * cell holds its text, so every row has one entry per column.
 */
export async function extractDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  if (bytes.byteLength > DOCX_LIMITS.maxBytes) throw new DocxReadError("DOCX exceeds the size limit");
  let html: string;
  try {
    const result = await withTimeout(
      mammoth.convertToHtml(
        { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
        // Keep images as markers only: their data is not needed and can be large.
        { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
      ),
      DOCX_LIMITS.timeBudgetMs,
    );
    html = result.value;
  } catch (cause) {
    if (cause instanceof DocxReadError) throw cause;
    throw new DocxReadError("DOCX could not be parsed", { cause });
  }
  const { blocks, title } = blocksOfDocxHtml(html);
  return {
    blocks,
    ...(title === undefined ? {} : { title }),
    pageMeta: {},
    links: [],
    damage: [],
    mediaType: "docx",
  };
}
