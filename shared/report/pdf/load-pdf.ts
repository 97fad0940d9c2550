// Reads a PDF's text layer and ruling lines with pdfjs (legacy build, fake worker in-process on Node).
import { createRequire } from "node:module";
import path from "node:path";
import type * as Pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { apply, IDENTITY, type Matrix, multiply } from "../affine.ts";
import type { PageContent, Segment, TextRun } from "./page-model.ts";
import { ruleSegments } from "./rule-segments.ts";

/** Why a PDF could not be read. Never retryable: the same bytes fail the same way. */
export class PdfReadError extends Error {
  readonly retryable = false;
  constructor(
    readonly reason: "encrypted" | "invalid" | "too-large" | "timeout",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PdfReadError";
  }
}

export const PDF_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 300,
  maxRuns: 200_000,
  maxOpsPerPage: 400_000,
  timeBudgetMs: 60_000,
} as const;

type PdfjsModule = typeof Pdfjs;
interface LoadedPdfjs {
  pdfjs: PdfjsModule;
  OPS: PdfjsModule["OPS"];
  strokes: Set<number>;
  fills: Set<number>;
  images: Set<number>;
}
let loading: Promise<LoadedPdfjs> | undefined;

/**
 * pdfjs on first use only: its legacy build replaces built-ins process-wide as it loads (JSON.parse,
 * Array.prototype.push, Set methods, AbortSignal… become slower JS polyfills), which would slow every
 * HTML parse and store call of a process that merely might read a PDF. Literal specifiers, so bundlers
 * still include both modules.
 */
function loadPdfjs(): Promise<LoadedPdfjs> {
  loading ??= (async () => {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const worker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    // pdfjs looks for an in-process worker here before trying to spawn one; keeps bundles self-contained.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    const { OPS } = pdfjs;
    return {
      pdfjs,
      OPS,
      strokes: new Set<number>([
        OPS.stroke,
        OPS.closeStroke,
        OPS.fillStroke,
        OPS.eoFillStroke,
        OPS.closeFillStroke,
        OPS.closeEOFillStroke,
      ]),
      fills: new Set<number>([OPS.fill, OPS.eoFill]),
      images: new Set<number>([
        OPS.paintImageXObject,
        OPS.paintInlineImageXObject,
        OPS.paintImageMaskXObject,
        OPS.paintImageXObjectRepeat,
        OPS.paintInlineImageXObjectGroup,
      ]),
    };
  })();
  loading.catch(() => {
    loading = undefined; // a failed load is retried by the next read
  });
  return loading;
}

function pdfjsAssetDir(): string | undefined {
  if (process.env.PDFJS_DIST_DIR) return process.env.PDFJS_DIST_DIR;
  try {
    return path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  } catch {
    return undefined;
  }
}
const assetDir = pdfjsAssetDir();

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  const remaining = deadline - Date.now();
  if (remaining <= 0)
    return Promise.reject(new PdfReadError("timeout", "PDF reading exceeded its time budget"));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PdfReadError("timeout", "PDF reading exceeded its time budget")),
      remaining,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function asMatrix(value: unknown): Matrix | undefined {
  if (
    !value ||
    typeof value !== "object" ||
    !("length" in value) ||
    (value as ArrayLike<unknown>).length !== 6
  )
    return undefined;
  const m = Array.from(value as ArrayLike<unknown>, Number);
  return m.every(Number.isFinite) ? (m as Matrix) : undefined;
}

/** Straight path pieces: stroked segments as drawn, filled thin rectangles as their centre line. */
function pathSegments(buffer: ArrayLike<number>, ctm: Matrix, stroked: boolean): Segment[] {
  const points: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === 0 || op === 1) {
      const point = apply(ctm, buffer[k] ?? 0, buffer[k + 1] ?? 0);
      k += 2;
      if (op === 0 && current.length > 0) {
        points.push(current);
        current = [];
      }
      current.push(point);
    } else if (op === 2) k += 6;
    else if (op === 3) k += 4;
    else if (op === 4) {
      if (current[0]) current.push(current[0]);
    } else break;
  }
  if (current.length > 0) points.push(current);
  return ruleSegments(points, stroked);
}

async function readPage(lib: LoadedPdfjs, doc: Pdfjs.PDFDocumentProxy, pageNumber: number, deadline: number) {
  const { OPS } = lib;
  const page = await withDeadline(doc.getPage(pageNumber), deadline);
  const [x0 = 0, y0 = 0, x1 = 595, y1 = 842] = page.view;
  const content = await withDeadline(page.getTextContent(), deadline);
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!("str" in item) || item.str.trim().length === 0) continue;
    const t = item.transform as number[];
    const size = Math.hypot(t[2] ?? 0, t[3] ?? 0) || item.height;
    if (!(size > 0) || !Number.isFinite(t[4]) || !Number.isFinite(t[5])) continue;
    runs.push({ text: item.str, x: t[4] ?? 0, y: t[5] ?? 0, width: Math.max(0, item.width), size });
  }
  const ops = await withDeadline(page.getOperatorList(), deadline);
  const segments: Segment[] = [];
  let imageCount = 0;
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  const count = Math.min(ops.fnArray.length, PDF_LIMITS.maxOpsPerPage);
  for (let i = 0; i < count; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.transform) ctm = multiply(asMatrix(args) ?? IDENTITY, ctm);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      ctm = multiply(asMatrix(args?.[0]) ?? IDENTITY, ctm);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY;
    else if (fn !== undefined && lib.images.has(fn)) imageCount++;
    else if (fn === OPS.constructPath && args) {
      const paint = Number(args[0]);
      const buffer = (args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | null | undefined;
      if (buffer && (lib.strokes.has(paint) || lib.fills.has(paint)))
        segments.push(...pathSegments(buffer, ctm, lib.strokes.has(paint)));
    }
  }
  page.cleanup();
  return { index: pageNumber - 1, box: { x0, y0, x1, y1 }, runs, segments, imageCount } satisfies PageContent;
}

/** All pages (capped) of a PDF; throws PdfReadError when the file is encrypted, broken or too slow. */
export async function readPdfPages(bytes: Uint8Array): Promise<PageContent[]> {
  if (bytes.byteLength > PDF_LIMITS.maxBytes)
    throw new PdfReadError("too-large", "PDF exceeds the size limit");
  const lib = await loadPdfjs();
  const deadline = Date.now() + PDF_LIMITS.timeBudgetMs;
  let task: Pdfjs.PDFDocumentLoadingTask | undefined;
  try {
    task = lib.pdfjs.getDocument({
      // A plain copy: pdfjs detaches the buffer it is given and refuses Node Buffers.
      data: new Uint8Array(bytes),
      cMapUrl: assetDir ? `${path.join(assetDir, "cmaps")}/` : undefined,
      cMapPacked: true,
      standardFontDataUrl: assetDir ? `${path.join(assetDir, "standard_fonts")}/` : undefined,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    });
    const doc = await withDeadline(task.promise, deadline);
    const pages: PageContent[] = [];
    let runs = 0;
    for (let n = 1; n <= Math.min(doc.numPages, PDF_LIMITS.maxPages) && runs < PDF_LIMITS.maxRuns; n++) {
      const page = await readPage(lib, doc, n, deadline).catch((error: unknown) => {
        if (error instanceof PdfReadError) throw error;
        return undefined; // one broken page does not spoil the rest
      });
      if (!page) continue;
      runs += page.runs.length;
      pages.push(page);
    }
    return pages;
  } catch (error) {
    if (error instanceof PdfReadError) throw error;
    const name = (error as { name?: string } | null)?.name;
    if (name === "PasswordException")
      throw new PdfReadError("encrypted", "PDF is password-protected", { cause: error });
    throw new PdfReadError("invalid", "PDF could not be parsed", { cause: error });
  } finally {
    await task?.destroy().catch(() => undefined);
  }
}
