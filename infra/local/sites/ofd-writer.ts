// OFD packages (GB/T 33190) for fixtures and sample sites, from the same page layout as the PDF writer.
// Three producers' habits, as OFD files met on government sites differ in them:
//  - "word": an office suite's export: a text object per line piece with explicit glyph advances, rules
//    as stroked paths, the running header on a template page;
//  - "converted": a PDF-to-OFD converter: objects spanning the page under a CTM that scales points to
//    millimetres, advances in the "g N d" shorthand, rules as thin filled rectangles with clip paths,
//    objects grouped in page blocks, absolute package paths;
//  - "glyphs": a text object per character;
//  - "composite": the office suite's text objects drawn once as CompositeGraphicUnits in the document's
//    resources and placed on the pages by CompositeObjects (under a CTM that shifts them into place).
import { A4, layoutReport, type PdfPage, type ReportPdfInput, textWidth } from "./pdf-writer.ts";
import { makeZip } from "./zip-writer.ts";

export type OfdStyle = "word" | "converted" | "glyphs" | "composite";

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const PT = 25.4 / 72; // one point in millimetres
const n = (value: number) => String(Math.round(value * 1000) / 1000);
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function advances(text: string, size: number): number[] {
  return Array.from(text).map((ch) => textWidth(ch, size));
}

function compressed(steps: number[]): string {
  // "g N d" for runs of equal steps, as converters write them.
  const out: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j < steps.length && steps[j] === steps[i]) j++;
    out.push(j - i > 1 ? `g ${j - i} ${n(steps[i] ?? 0)}` : n(steps[i] ?? 0));
    i = j;
  }
  return out.join(" ");
}

function pageObjects(page: PdfPage, style: OfdStyle, skip: (text: string) => boolean, nextId: () => number) {
  const height = page.height ?? A4.height;
  const objects: string[] = [];
  for (const line of page.lines ?? []) {
    const [x1, y1, x2, y2] = [line.x1 * PT, (height - line.y1) * PT, line.x2 * PT, (height - line.y2) * PT];
    if (style === "converted") {
      const half = 0.25; // a 0.5 pt wide filled bar, in points under the CTM
      const [l, r, t, b] = [
        Math.min(line.x1, line.x2) - half,
        Math.max(line.x1, line.x2) + half,
        height - Math.max(line.y1, line.y2) - half,
        height - Math.min(line.y1, line.y2) + half,
      ];
      objects.push(
        `<ofd:PathObject ID="${nextId()}" Boundary="0 0 210 297" CTM="${n(PT)} 0 0 ${n(PT)} 0 0" Stroke="false" Fill="true">` +
          `<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary="0 0 210 297"><ofd:AbbreviatedData>M 0 0 L 595 0 L 595 842 L 0 842 C</ofd:AbbreviatedData></ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>` +
          `<ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M ${n(l)} ${n(t)} L ${n(r)} ${n(t)} L ${n(r)} ${n(b)} L ${n(l)} ${n(b)} C</ofd:AbbreviatedData></ofd:PathObject>`,
      );
    } else {
      const [bx, by] = [Math.min(x1, x2), Math.min(y1, y2)];
      objects.push(
        `<ofd:PathObject ID="${nextId()}" Boundary="${n(bx)} ${n(by)} ${n(Math.abs(x2 - x1) || 0.2)} ${n(Math.abs(y2 - y1) || 0.2)}" LineWidth="0.2">` +
          `<ofd:AbbreviatedData>M ${n(x1 - bx)} ${n(y1 - by)} L ${n(x2 - bx)} ${n(y2 - by)}</ofd:AbbreviatedData></ofd:PathObject>`,
      );
    }
  }
  for (const item of page.texts) {
    if (item.text.length === 0 || skip(item.text)) continue;
    const size = item.size ?? 10.5;
    const steps = advances(item.text, size);
    const top = height - item.y - size * 0.88; // the object's box starts above the baseline
    if (style === "converted") {
      objects.push(
        `<ofd:TextObject ID="${nextId()}" Boundary="0 0 210 297" CTM="${n(PT)} 0 0 ${n(PT)} 0 0" Font="3" Size="${n(size)}">` +
          `<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="${n(item.x)}" Y="${n(height - item.y)}" DeltaX="${compressed(steps.slice(0, -1))}">${escapeXml(item.text)}</ofd:TextCode></ofd:TextObject>`,
      );
    } else if (style === "glyphs") {
      let x = item.x;
      Array.from(item.text).forEach((ch, i) => {
        if (ch.trim())
          objects.push(
            `<ofd:TextObject ID="${nextId()}" Boundary="${n(x * PT)} ${n(top * PT)} ${n((steps[i] ?? size) * PT)} ${n(size * PT)}" Font="3" Size="${n(size * PT)}">` +
              `<ofd:TextCode X="0" Y="${n(size * 0.88 * PT)}">${escapeXml(ch)}</ofd:TextCode></ofd:TextObject>`,
          );
        x += steps[i] ?? size;
      });
    } else {
      const width = steps.reduce((a, b) => a + b, 0);
      objects.push(
        `<ofd:TextObject ID="${nextId()}" Boundary="${n(item.x * PT)} ${n(top * PT)} ${n(width * PT)} ${n(size * PT * 1.2)}" Font="3" Size="${n(size * PT)}">` +
          `<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="${n(size * 0.88 * PT)}" DeltaX="${steps
            .slice(0, -1)
            .map((s) => n(s * PT))
            .join(" ")}">${escapeXml(item.text)}</ofd:TextCode></ofd:TextObject>`,
      );
    }
  }
  return style === "converted"
    ? [`<ofd:PageBlock ID="${nextId()}">${objects.join("")}</ofd:PageBlock>`]
    : objects;
}

export interface OfdOptions {
  style?: OfdStyle;
  /** Text repeated at the top of every page: drawn once, on a template page, in "word" style. */
  runningHeader?: string;
  /** Members stored uncompressed (some producers do; and a damaged byte then lands in the XML). */
  store?: boolean;
}

/** An OFD package of the given pages. */
export function makeOfd(pages: PdfPage[], options: OfdOptions = {}): Uint8Array {
  const { style = "word", runningHeader } = options;
  let id = 10;
  const nextId = () => id++;
  const absolute = style === "converted" ? "/Doc_0/" : "";
  const templated = style === "word" && runningHeader !== undefined;
  const header = (text: string) => templated && text === runningHeader;
  const files: { name: string; data: string }[] = [];
  const pageRefs: string[] = [];
  const units: string[] = [];
  /** A text object moved into a composite unit, and the CompositeObject that places it where it was. */
  const placed = (object: string): string => {
    const box = /^<ofd:TextObject ID="\d+" Boundary="([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+)"/.exec(object);
    if (!box) return object;
    const [x, y, w, h] = box.slice(1).map(Number) as [number, number, number, number];
    const unit = nextId();
    units.push(
      `<ofd:CompositeGraphicUnit ID="${unit}" Width="${n(w)}" Height="${n(h)}"><ofd:Content>${object.replace(
        box[0],
        `<ofd:TextObject ID="${nextId()}" Boundary="0 0 ${n(w)} ${n(h)}"`,
      )}</ofd:Content></ofd:CompositeGraphicUnit>`,
    );
    return `<ofd:CompositeObject ID="${nextId()}" Boundary="${n(x - 5)} ${n(y)} ${n(w)} ${n(h)}" CTM="1 0 0 1 5 0" ResourceID="${unit}"/>`;
  };
  pages.forEach((page, i) => {
    const objects =
      style === "composite"
        ? pageObjects(page, "word", header, nextId).map(placed)
        : pageObjects(page, style, header, nextId);
    const template = templated ? '<ofd:Template TemplateID="2" ZOrder="Background"/>' : "";
    files.push({
      name: `Doc_0/Pages/Page_${i}/Content.xml`,
      data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}>${template}<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="${nextId()}" Type="Body">${objects.join("")}</ofd:Layer></ofd:Content></ofd:Page>`,
    });
    pageRefs.push(`<ofd:Page ID="${nextId()}" BaseLoc="${absolute}Pages/Page_${i}/Content.xml"/>`);
  });
  if (templated) {
    const headerOnly = { texts: (pages[0]?.texts ?? []).filter((t) => t.text === runningHeader), lines: [] };
    files.push({
      name: "Doc_0/Tpls/Tpl_0/Content.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${nextId()}">${pageObjects(headerOnly, "word", () => false, nextId).join("")}</ofd:Layer></ofd:Content></ofd:Page>`,
    });
  }
  const documentXml =
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID>` +
    `<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>` +
    (units.length > 0 ? "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" : "") +
    (templated ? '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>' : "") +
    `</ofd:CommonData><ofd:Pages>${pageRefs.join("")}</ofd:Pages></ofd:Document>`;
  const parts = [
    {
      name: "OFD.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>gdm-fixture</ofd:DocID></ofd:DocInfo><ofd:DocRoot>${absolute || "Doc_0/"}Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    },
    { name: "Doc_0/Document.xml", data: documentXml },
    {
      name: "Doc_0/PublicRes.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ${NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`,
    },
    ...(units.length > 0
      ? [
          {
            name: "Doc_0/DocumentRes.xml",
            data: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ${NS} BaseLoc="Res"><ofd:CompositeGraphicUnits>${units.join("")}</ofd:CompositeGraphicUnits></ofd:Res>`,
          },
        ]
      : []),
    ...files,
  ];
  return makeZip(parts.map((part) => ({ ...part, store: options.store ?? false })));
}

/** A report laid out as the PDF writer lays it out, packaged as OFD. */
export function makeReportOfd(
  input: ReportPdfInput,
  options: Omit<OfdOptions, "runningHeader"> = {},
): Uint8Array {
  return makeOfd(layoutReport(input), {
    ...options,
    ...(input.runningHeader === undefined ? {} : { runningHeader: input.runningHeader }),
  });
}
