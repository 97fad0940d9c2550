// An OFD package (GB/T 33190, the national fixed-layout format) to pages for the layout analysis:
// OFD.xml names the document, Document.xml its pages, page size and template pages, and each page's
// Content.xml its text, paths and images (ofd-content.ts).
import { Parser } from "htmlparser2";
import { canonicalCharset } from "../../text/charset-sniff.ts";
import type { PageContent } from "../pdf/page-model.ts";
import { MM, numbers, type OfdContent, type PageBox, readOfdContent } from "./ofd-content.ts";
import { normaliseZipPath, openZip, ZipReadError } from "./zip-reader.ts";

export type OfdFailure = "not-ofd" | "too-large" | "too-slow" | "invalid";

export class OfdReadError extends Error {
  readonly retryable = false;
  constructor(
    readonly reason: OfdFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OfdReadError";
  }
}

export const OFD_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxEntries: 20_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxPages: 300,
  maxRuns: 200_000,
  timeBudgetMs: 30_000,
} as const;

const A4: PageBox = { x: 0, y: 0, width: 210, height: 297 };

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  /** Local names of the enclosing elements, outermost first. */
  path: string[];
}

/** Every element of a small XML part (OFD.xml, Document.xml), with its own text and its ancestors. */
function elements(xml: string): Element[] {
  const out: Element[] = [];
  const open: Element[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element = {
          name: name.slice(name.indexOf(":") + 1),
          attributes,
          text: "",
          path: open.map((e) => e.name),
        };
        open.push(element);
        out.push(element);
      },
      ontext(text) {
        const top = open[open.length - 1];
        if (top && top.text.length < 10_000) top.text += text;
      },
      onclosetag() {
        open.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return out;
}

function boxOf(text: string | undefined): PageBox | undefined {
  const [x, y, width, height] = numbers(text, 4) ?? [];
  return x !== undefined && y !== undefined && width && height && width > 0 && height > 0
    ? { x, y, width, height }
    : undefined;
}

/** A reference inside the package: absolute from the root ("/Doc_0/…") or relative to `base`'s folder. */
function resolve(base: string, reference: string): string {
  if (reference.startsWith("/")) return normaliseZipPath(reference);
  const folder = base.includes("/") ? base.slice(0, base.lastIndexOf("/") + 1) : "";
  return normaliseZipPath(folder + reference);
}

/**
 * An XML part as text: UTF-8 as the standard asks, unless a byte-order mark or the XML declaration says
 * otherwise (some producers write GB18030, and say so).
 */
export function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared =
    /^(?:\ufeff|\u00ef\u00bb\u00bf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']/i.exec(head)?.[1];
  const charset = canonicalCharset(declared) ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** How deep composite units may draw composites, and how many one page may draw in all. */
const MAX_COMPOSITE_DEPTH = 4;
const MAX_COMPOSITES_PER_PAGE = 5_000;

const COMPOSITE_UNIT = /<(?:[\w.-]+:)?CompositeGraphicUnit\b[^>]*?\bID\s*=\s*["']([^"']{1,40})["'][^>]*>/g;
const COMPOSITE_UNIT_END = /<\/(?:[\w.-]+:)?CompositeGraphicUnit\s*>/g;

/** The content of each CompositeGraphicUnit in resource files, by its ID. */
function compositeUnits(resources: (string | undefined)[]): Map<string, string> {
  const units = new Map<string, string>();
  for (const xml of resources) {
    if (xml === undefined) continue;
    COMPOSITE_UNIT.lastIndex = 0;
    for (let m = COMPOSITE_UNIT.exec(xml); m; m = COMPOSITE_UNIT.exec(xml)) {
      const start = m.index + m[0].length;
      COMPOSITE_UNIT_END.lastIndex = start;
      const end = COMPOSITE_UNIT_END.exec(xml)?.index;
      if (end === undefined) break;
      if (!units.has(m[1]!)) units.set(m[1]!, xml.slice(start, end));
      COMPOSITE_UNIT.lastIndex = end;
    }
  }
  return units;
}

/** The pages of the package's first document; throws OfdReadError only. */
export function readOfdPages(bytes: Uint8Array): PageContent[] {
  if (bytes.byteLength > OFD_LIMITS.maxBytes)
    throw new OfdReadError("too-large", "OFD exceeds the size limit");
  const deadline = Date.now() + OFD_LIMITS.timeBudgetMs;
  try {
    const zip = openZip(bytes, OFD_LIMITS);
    const text = (name: string) => {
      const member = zip.read(name);
      return member === undefined ? undefined : xmlText(member);
    };
    const rootXml = text("OFD.xml");
    if (rootXml === undefined) throw new OfdReadError("not-ofd", "no OFD.xml in the package");
    const docRoot = elements(rootXml)
      .find((e) => e.name === "DocRoot")
      ?.text.trim();
    if (!docRoot) throw new OfdReadError("invalid", "OFD.xml names no document");
    const documentPath = resolve("OFD.xml", docRoot);
    const documentXml = text(documentPath);
    if (documentXml === undefined) throw new OfdReadError("invalid", `no ${documentPath} in the package`);
    const parts = elements(documentXml);
    const defaultBox =
      boxOf(parts.find((e) => e.name === "PhysicalBox" && e.path.includes("PageArea"))?.text) ?? A4;
    const templates = new Map(
      parts
        .filter((e) => e.name === "TemplatePage" && e.attributes.BaseLoc)
        .map((e) => [e.attributes.ID ?? "", resolve(documentPath, e.attributes.BaseLoc ?? "")]),
    );
    // Graphics drawn once in the resources and placed on pages (CompositeObject): read where placed.
    const resourceFiles = parts
      .filter((e) => (e.name === "PublicRes" || e.name === "DocumentRes") && e.path.includes("CommonData"))
      .map((e) => resolve(documentPath, e.text.trim()));
    const units = compositeUnits(resourceFiles.map(text));
    const pageFiles = parts
      .filter((e) => e.name === "Page" && e.path.includes("Pages") && e.attributes.BaseLoc)
      .map((e) => resolve(documentPath, e.attributes.BaseLoc ?? ""))
      .slice(0, OFD_LIMITS.maxPages);
    const pages: PageContent[] = [];
    let runs = 0;
    for (const [index, pageFile] of pageFiles.entries()) {
      if (Date.now() > deadline) throw new OfdReadError("too-slow", "OFD reading exceeded its time budget");
      const pageXml = text(pageFile);
      if (pageXml === undefined) continue; // a missing page does not spoil the rest
      // The page's own settings (size, templates) come before its content: only that part is parsed here.
      const contentAt = pageXml.search(/<(?:[\w.-]+:)?Content\b/);
      const head = elements(contentAt < 0 ? pageXml : pageXml.slice(0, contentAt));
      const box = boxOf(head.find((e) => e.name === "PhysicalBox")?.text) ?? defaultBox;
      // A page's own resources (PageRes) come before the document's.
      const pageRes = head
        .filter((e) => e.name === "PageRes")
        .map((e) => text(resolve(pageFile, e.text.trim())));
      const pageUnits = pageRes.length > 0 ? compositeUnits(pageRes) : undefined;
      const sources = [
        ...head
          .filter((e) => e.name === "Template")
          .flatMap((e) => {
            const file = templates.get(e.attributes.TemplateID ?? "");
            return file ? [file] : [];
          }),
        pageFile,
      ];
      const page: PageContent = {
        index,
        box: { x0: 0, y0: 0, x1: box.width * MM, y1: box.height * MM },
        runs: [],
        segments: [],
        imageCount: 0,
      };
      let composites = 0;
      const add = (content: OfdContent, depth: number) => {
        page.runs.push(...content.runs);
        page.segments.push(...content.segments);
        page.imageCount += content.imageCount;
        runs += content.runs.length;
        if (depth >= MAX_COMPOSITE_DEPTH) return;
        for (const { resourceId, placement } of content.composites) {
          const unit = pageUnits?.get(resourceId) ?? units.get(resourceId);
          if (unit === undefined || ++composites > MAX_COMPOSITES_PER_PAGE || runs >= OFD_LIMITS.maxRuns)
            continue;
          if (Date.now() > deadline)
            throw new OfdReadError("too-slow", "OFD reading exceeded its time budget");
          add(readOfdContent(unit, box, { maxRuns: OFD_LIMITS.maxRuns - runs }, placement), depth + 1);
        }
      };
      for (const source of sources) {
        const xml = source === pageFile ? pageXml : text(source);
        if (xml === undefined) continue;
        add(readOfdContent(xml, box, { maxRuns: OFD_LIMITS.maxRuns - runs }), 0);
      }
      pages.push(page);
      if (runs >= OFD_LIMITS.maxRuns) break;
    }
    return pages;
  } catch (error) {
    if (error instanceof OfdReadError) throw error;
    if (error instanceof ZipReadError)
      throw new OfdReadError(
        /too large/.test(error.message) ? "too-large" : "invalid",
        `OFD package: ${error.message}`,
        { cause: error },
      );
    throw new OfdReadError("invalid", "OFD could not be parsed", { cause: error });
  }
}
