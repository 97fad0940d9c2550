// OFD reports (GB/T 33190) as four kinds of producers write them (infra/local/sites/ofd-writer.ts), read
// to the same grids as the PDF of the same layout; and the checks run on them as on any report.
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { makeReportOfd, type OfdStyle } from "../../../infra/local/sites/ofd-writer.ts";
import { makeReportPdf } from "../../../infra/local/sites/pdf-writer.ts";
import { makeZip } from "../../../infra/local/sites/zip-writer.ts";
import type { Block } from "../../../shared/domain/report.ts";
import { extractOfd, OFD_LIMITS, OfdReadError } from "../../../shared/report/extract-ofd.ts";
import { extractPdf } from "../../../shared/report/extract-pdf.ts";
import { readReport } from "../../../shared/report/read-report.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { report2021 } from "../../fixtures/attachments/report-2021.ts";
import { expectReadingOrder } from "../../support/fixed-layout-reading.ts";

type TableBlock = Extract<Block, { kind: "table" }>;
const tablesOf = (blocks: Block[]): TableBlock[] => blocks.filter((b): b is TableBlock => b.kind === "table");
const textsOf = (blocks: Block[]): string[] => blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));

describe.each<OfdStyle>(["word", "converted", "glyphs", "composite"])(
  "extractOfd on a report written %s-style",
  (style) => {
    const { input, tables } = report2021(11);
    const bytes = makeReportOfd(input, { style });

    it("is a zip package a standard zip reader opens, with OFD.xml at its root", async () => {
      const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
      expect(zip.file("OFD.xml")).not.toBeNull();
    });

    it("recovers the three tables as exact grids, every cell in its row and column", async () => {
      const doc = await extractOfd(bytes);
      const got = tablesOf(doc.blocks);
      expect(doc.mediaType).toBe("ofd");
      expect(got.map((t) => t.source)).toEqual(["ofd", "ofd", "ofd"]);
      tables.forEach((table, i) => {
        expect(got[i]?.rows, table.name).toEqual(table.expected);
      });
    });

    it("keeps title, headings and paragraphs in order and drops page numbers and the running header", async () => {
      expectReadingOrder(await extractOfd(bytes), input.title);
    });
  },
);

describe("an OFD report through the reader and the checks", () => {
  it("reads as the PDF of the same layout reads: same sections, same tables, same findings", async () => {
    const { input } = report2021(5);
    // One number of Table 3 off by one, as in a real report whose totals do not add up.
    const requests = input.tables[1]!;
    const row = requests.rows.findIndex((r) => r.some((c) => /^\d+$/.test(c)));
    const col = requests.rows[row]!.findIndex((c) => /^\d+$/.test(c));
    requests.rows[row]![col] = String(Number(requests.rows[row]![col]) + 1);
    const [ofd, pdf] = await Promise.all([
      readReport({ bytes: makeReportOfd(input), linkText: input.title }),
      readReport({ bytes: makeReportPdf(input), linkText: input.title }),
    ]);
    expect(ofd.kind).toBe("annual-report");
    expect(ofd.year).toBe(pdf.year);
    expect(ofd.format).toBe("2021");
    expect(ofd.tables).toEqual(pdf.tables);
    expect(ofd.sections).toEqual(pdf.sections);
    const findings = runChecks(ofd);
    expect(findings).toEqual(runChecks(pdf));
    expect(findings.some((f) => f.rule === "table-arithmetic" && f.evidence.table === "requests")).toBe(true);
  });

  it("borderless tables are found by alignment, as in PDF", async () => {
    const { input, tables } = report2021(7, { ruled: false });
    const [ofd, pdf] = await Promise.all([
      extractOfd(makeReportOfd(input)),
      extractPdf(makeReportPdf(input)),
    ]);
    expect(tablesOf(ofd.blocks).map((t) => t.rows)).toEqual(tablesOf(pdf.blocks).map((t) => t.rows));
    expect(tablesOf(ofd.blocks)).toHaveLength(tables.length);
  });
});

describe("OFD files that cannot be read", () => {
  const root = (docRoot: string) =>
    `<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>${docRoot}</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;

  it.each([
    ["a zip without OFD.xml", makeZip([{ name: "word/document.xml", data: "<w/>" }]), "not-ofd"],
    ["a root naming no document", makeZip([{ name: "OFD.xml", data: root("") }]), "invalid"],
    [
      "a root naming a missing document",
      makeZip([{ name: "OFD.xml", data: root("Doc_0/Document.xml") }]),
      "invalid",
    ],
    ["bytes that are no zip", new TextEncoder().encode("OFD.xml but not a zip"), "invalid"],
  ])("%s: a one-line OfdReadError", async (_name, bytes, reason) => {
    const error = await extractOfd(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfdReadError);
    expect((error as OfdReadError).reason).toBe(reason);
    expect((error as Error).message).not.toContain("\n");
  });

  it("a zip bomb (a page that inflates past the member limit) ends as too-large, without inflating it all", async () => {
    const document = `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
    const bomb = makeZip([
      { name: "OFD.xml", data: root("Doc_0/Document.xml") },
      { name: "Doc_0/Document.xml", data: document },
      {
        name: "Doc_0/Pages/Page_0/Content.xml",
        data: new Uint8Array(OFD_LIMITS.maxEntryBytes + 1).fill(0x20),
      },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const error = await extractOfd(bomb).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "OfdReadError", reason: "too-large" });
    expect((error as Error).message).toBe("OFD package: member Doc_0/Pages/Page_0/Content.xml is too large");
  });

  it("joins a line a converter set one glyph per object (a 0.05 CTM, glyph maps, nested page blocks)", async () => {
    // The habits of a PDF-to-OFD converter met in the wild: every glyph its own text object with its own
    // boundary, a large Size under a CTM of 0.05, a CGTransform naming the glyph, blocks within blocks.
    const glyph = (ch: string, x: number, top: number, n: number) =>
      `<ofd:TextObject ID="${n}" Boundary="${x.toFixed(4)} ${top} ${/[\x20-\x7e]/.test(ch) ? 1.8433 : 3.6865} 3.6865" Size="73.73059844970703" CTM="0.05 0 0 0.05 0 0" Fill="true" Font="8">` +
      `<ofd:FillColor Value="0 0 0" Alpha="255"/><ofd:CGTransform GlyphCount="1" CodeCount="1" CodePosition="0"><ofd:Glyphs>${n}</ofd:Glyphs></ofd:CGTransform>` +
      `<ofd:TextCode X="0" Y="63.3622">${ch}</ofd:TextCode></ofd:TextObject>`;
    const line = (text: string, top: number, first: number) => {
      let x = 31.75;
      return Array.from(text)
        .map((ch, i) => {
          const object = glyph(ch, x, top, first + i);
          x += /[\x20-\x7e]/.test(ch) ? 1.8625 : 3.683;
          return object;
        })
        .join("");
    };
    const page =
      `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Area><ofd:PhysicalBox>0 0 215.9000 279.4000</ofd:PhysicalBox></ofd:Area>` +
      `<ofd:Content><ofd:Layer ID="2"><ofd:PageBlock ID="4"><ofd:PageBlock ID="5">${line("襄阳市审计局2023年政府信息公开工作年度报告", 25.9325, 100)}${line("发布日期：2024-01-12", 30.7585, 200)}</ofd:PageBlock></ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>`;
    const document = `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
    const doc = await extractOfd(
      makeZip([
        { name: "OFD.xml", data: root("Doc_0/Document.xml") },
        { name: "Doc_0/Document.xml", data: document },
        { name: "Doc_0/Pages/Page_0/Content.xml", data: page },
      ]),
    );
    // Glyph by glyph, the words come out whole: no gap read between touching glyphs, none lost.
    // Two short lines on an otherwise empty page are two lines, not one wrapped paragraph.
    expect(textsOf(doc.blocks)).toEqual([
      "襄阳市审计局2023年政府信息公开工作年度报告",
      "发布日期：2024-01-12",
    ]);
  });

  it("reads text drawn by composite objects where each places it (scaled, nested), and ends a unit that draws itself", async () => {
    const unit = (id: number, content: string) =>
      `<ofd:CompositeGraphicUnit ID="${id}" Width="100" Height="10"><ofd:Content>${content}</ofd:Content></ofd:CompositeGraphicUnit>`;
    const text = (line: string) =>
      `<ofd:TextObject ID="90" Boundary="0 0 100 10" Size="2"><ofd:TextCode X="0" Y="2">${line}</ofd:TextCode></ofd:TextObject>`;
    const resources =
      `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CompositeGraphicUnits>` +
      unit(20, text("襄阳市审计局2023年政府信息公开工作年度报告")) +
      unit(21, `<ofd:CompositeObject ID="91" ResourceID="20" Boundary="0 10 100 10"/>`) +
      unit(22, `${text("自己画自己")}<ofd:CompositeObject ID="92" ResourceID="22" Boundary="0 0 100 10"/>`) +
      `</ofd:CompositeGraphicUnits></ofd:Res>`;
    const page =
      `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:PageRes>PageRes.xml</ofd:PageRes><ofd:Content><ofd:Layer ID="2">` +
      // Twice the unit's size, so its 2 mm text is 4 mm: the title, over the date drawn plainly below.
      `<ofd:CompositeObject ID="3" ResourceID="20" Boundary="20 20 200 20" CTM="2 0 0 2 0 0"/>` +
      `<ofd:TextObject ID="4" Boundary="20 40 100 10" Size="3"><ofd:TextCode X="0" Y="3">发布日期：2024-01-12</ofd:TextCode></ofd:TextObject>` +
      // A unit that places another, 10 mm down inside itself: lower still.
      `<ofd:CompositeObject ID="5" ResourceID="21" Boundary="20 50 100 20"/>` +
      `<ofd:CompositeObject ID="6" ResourceID="22" Boundary="20 80 100 10"/>` +
      // A unit of the page's own resources.
      `<ofd:CompositeObject ID="7" ResourceID="30" Boundary="20 100 100 10"/>` +
      `</ofd:Layer></ofd:Content></ofd:Page>`;
    const document =
      `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:DocumentRes>Res.xml</ofd:DocumentRes></ofd:CommonData>` +
      `<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
    const doc = await extractOfd(
      makeZip([
        { name: "OFD.xml", data: root("Doc_0/Document.xml") },
        { name: "Doc_0/Document.xml", data: document },
        { name: "Doc_0/Res.xml", data: resources },
        { name: "Doc_0/Pages/Page_0/Content.xml", data: page },
        {
          name: "Doc_0/Pages/Page_0/PageRes.xml",
          data: `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CompositeGraphicUnits>${unit(30, text("本页资源"))}</ofd:CompositeGraphicUnits></ofd:Res>`,
        },
      ]),
    );
    const texts = textsOf(doc.blocks).join("\n");
    expect(texts).toContain("本页资源");
    expect(texts.indexOf("襄阳市审计局2023年政府信息公开工作年度报告")).toBe(0);
    expect(texts.indexOf("发布日期：2024-01-12")).toBeGreaterThan(0);
    // The nested placement comes after the date; the self-drawing unit ends at the depth bound.
    expect(texts.lastIndexOf("襄阳市审计局2023年政府信息公开工作年度报告")).toBeGreaterThan(
      texts.indexOf("发布日期：2024-01-12"),
    );
    expect(texts.split("自己画自己").length - 1).toBeGreaterThan(0);
    expect(texts.split("自己画自己").length - 1).toBeLessThanOrEqual(5);
  });

  it("reads XML parts a producer wrote in GB18030 and declared so, and UTF-16 ones with a byte-order mark", async () => {
    const page = (text: string, encoding: string) =>
      `<?xml version="1.0" encoding="${encoding}"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="20 30 150 10" Size="5"><ofd:TextCode X="0" Y="4">${text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`;
    const document = `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>`;
    const doc = await extractOfd(
      makeZip([
        { name: "OFD.xml", data: root("Doc_0/Document.xml") },
        { name: "Doc_0/Document.xml", data: document },
        {
          name: "Doc_0/Pages/Page_0/Content.xml",
          data: iconv.encode(page("政府信息公开工作年度报告", "GB2312"), "gb18030"),
        },
        {
          name: "Doc_0/Pages/Page_1/Content.xml",
          data: Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(page("主动公开政府信息情况", "UTF-16"), "utf16le"),
          ]),
        },
      ]),
    );
    // The second page's line continues the first's paragraph: what matters is that both read right.
    const text = doc.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : [])).join("");
    expect(text).toBe("政府信息公开工作年度报告主动公开政府信息情况");
  });

  it("a page of images only is an image block, as a scanned PDF page is", async () => {
    const page = `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="9"/></ofd:Layer></ofd:Content></ofd:Page>`;
    const document = `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`;
    const doc = await extractOfd(
      makeZip([
        { name: "OFD.xml", data: root("Doc_0/Document.xml") },
        { name: "Doc_0/Document.xml", data: document },
        { name: "Doc_0/Pages/Page_0/Content.xml", data: page },
      ]),
    );
    expect(doc.blocks).toEqual([{ kind: "image", alt: "page 1" }]);
  });
});
