// How OFD page content becomes positioned text and rules (points, y up, as the PDF reader gives them).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deltas, MM, readOfdContent } from "../../../../shared/report/ofd/ofd-content.ts";

const A4 = { x: 0, y: 0, width: 210, height: 297 };
const page = (objects: string) =>
  `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>${objects}</ofd:Layer></ofd:Content></ofd:Page>`;
const read = (objects: string) => readOfdContent(page(objects), A4, { maxRuns: 1000 });
const close = (value: number, expected: number) => expect(value).toBeCloseTo(expected, 3);

describe("OFD text objects", () => {
  it("places a text code at its boundary plus X/Y, in points from the bottom-left", () => {
    const { runs } = read(
      '<ofd:TextObject Boundary="20 30 100 10" Size="5"><ofd:TextCode X="1" Y="4" DeltaX="5 5">年度报</ofd:TextCode></ofd:TextObject>',
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe("年度报");
    close(runs[0]!.x, 21 * MM);
    close(runs[0]!.y, (297 - 34) * MM);
    close(runs[0]!.size, 5 * MM);
    close(runs[0]!.width, 15 * MM);
  });

  it("expands the g N d shorthand, and splits a code where a step leaves a visible gap (two cells)", () => {
    expect(deltas("g 3 2.5 1 g 2 4", 100)).toEqual([2.5, 2.5, 2.5, 1, 4, 4]);
    const { runs } = read(
      '<ofd:TextObject Boundary="0 0 200 10" Size="4"><ofd:TextCode X="10" Y="5" DeltaX="g 3 4 30 2">合计数量12</ofd:TextCode></ofd:TextObject>',
    );
    expect(runs.map((r) => r.text)).toEqual(["合计数量", "12"]);
    close(runs[1]!.x - runs[0]!.x, (4 * 3 + 30) * MM);
  });

  it("applies the object's CTM: a converter's points-to-millimetres scale, flipped or not", () => {
    const k = 25.4 / 72;
    const upright = read(
      `<ofd:TextObject Boundary="0 0 210 297" CTM="${k} 0 0 ${k} 0 0" Size="12"><ofd:TextCode X="72" Y="144">一</ofd:TextCode></ofd:TextObject>`,
    ).runs[0]!;
    close(upright.x, 72);
    close(upright.y, 297 * MM - 144);
    close(upright.size, 12);
    // PDF coordinates kept as they were (y up), the CTM flipping them into the page.
    const flipped = read(
      `<ofd:TextObject Boundary="0 0 210 297" CTM="${k} 0 0 ${-k} 0 297" Size="12"><ofd:TextCode X="72" Y="700">二</ofd:TextCode></ofd:TextObject>`,
    ).runs[0]!;
    close(flipped.x, 72);
    close(flipped.y, 700);
    close(flipped.size, 12);
  });

  it("continues a code without X or Y from where the previous one ended", () => {
    const { runs } = read(
      '<ofd:TextObject Boundary="0 0 200 20" Size="5"><ofd:TextCode X="10" Y="5" DeltaX="5">政府</ofd:TextCode><ofd:TextCode>信息</ofd:TextCode><ofd:TextCode X="10" Y="12">公开</ofd:TextCode></ofd:TextObject>',
    );
    expect(runs.map((r) => r.text)).toEqual(["政府", "信息", "公开"]);
    close(runs[1]!.x, 20 * MM);
    close(runs[1]!.y, runs[0]!.y);
    close(runs[2]!.y, (297 - 12) * MM);
  });

  it("sets vertical text (DeltaY) one character per run, top to bottom", () => {
    const { runs } = read(
      '<ofd:TextObject Boundary="0 0 20 100" Size="5"><ofd:TextCode X="5" Y="5" DeltaY="6 6">附件一</ofd:TextCode></ofd:TextObject>',
    );
    expect(runs.map((r) => r.text)).toEqual(["附", "件", "一"]);
    expect(runs[0]!.y).toBeGreaterThan(runs[2]!.y);
    close(runs[2]!.x, runs[0]!.x);
    close(runs[0]!.y - runs[2]!.y, 12 * MM);
  });

  it("decodes entities and ignores text outside text codes", () => {
    const { runs } = read(
      '<ofd:TextObject Boundary="0 0 100 10" Size="4"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="4">A&amp;B&lt;1</ofd:TextCode></ofd:TextObject>',
    );
    expect(runs.map((r) => r.text)).toEqual(["A&B<1"]);
  });
});

describe("OFD paths", () => {
  it("stroked lines become rules; clip paths, curves and images do not", () => {
    const { segments, imageCount } = read(
      '<ofd:PathObject Boundary="10 20 100 50" LineWidth="0.25">' +
        "<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path><ofd:AbbreviatedData>M 0 0 L 210 0</ofd:AbbreviatedData></ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>" +
        "<ofd:AbbreviatedData>M 0 0 L 100 0 M 0 0 L 0 50 B 10 10 20 20 30 30</ofd:AbbreviatedData></ofd:PathObject>" +
        '<ofd:ImageObject Boundary="0 0 10 10" ResourceID="3"/>',
    );
    expect(imageCount).toBe(1);
    expect(segments).toHaveLength(2);
    close(segments[0]!.x1, 10 * MM);
    close(segments[0]!.x2, 110 * MM);
    close(segments[0]!.y1, (297 - 20) * MM);
    close(segments[1]!.y2, (297 - 70) * MM);
  });

  it("a thin filled rectangle is a rule along its centre line; a filled box is not", () => {
    const { segments } = read(
      '<ofd:PathObject Boundary="0 0 210 297" Stroke="false" Fill="true"><ofd:AbbreviatedData>M 10 10 L 110 10 L 110 10.3 L 10 10.3 C</ofd:AbbreviatedData></ofd:PathObject>' +
        '<ofd:PathObject Boundary="0 0 210 297" Stroke="false" Fill="true"><ofd:AbbreviatedData>M 10 50 L 110 50 L 110 90 L 10 90 C</ofd:AbbreviatedData></ofd:PathObject>',
    );
    expect(segments).toHaveLength(1);
    close(segments[0]!.y1, (297 - 10.15) * MM);
    close(segments[0]!.x2 - segments[0]!.x1, 100 * MM);
  });
});

describe("OFD content on hostile input", () => {
  it("never throws, and every run it gives has finite numbers", () => {
    const attribute = fc.constantFrom(
      'Boundary="1 2 3 4"',
      'CTM="1 0 0 1 x y"',
      'Size="-3"',
      'DeltaX="g g 1"',
      'X="NaN"',
      "",
    );
    const tag = fc.constantFrom(
      "TextObject",
      "TextCode",
      "PathObject",
      "AbbreviatedData",
      "Clips",
      "PageBlock",
    );
    const xml = fc
      .array(
        fc.oneof(
          fc.tuple(tag, attribute).map(([t, a]) => `<ofd:${t} ${a}>`),
          tag.map((t) => `</ofd:${t}>`),
          fc.string({ maxLength: 20 }),
          fc.constantFrom("M 0 0 L 5 5 C", "g 1000000000 1", "A 1 1 0 0 1 5 5", "&amp;", "<![CDATA[x]]>"),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(xml, (text) => {
        const content = readOfdContent(text, A4, { maxRuns: 50 });
        expect(content.runs.length).toBeLessThanOrEqual(50);
        for (const run of content.runs)
          expect([run.x, run.y, run.width, run.size].every(Number.isFinite)).toBe(true);
        for (const s of content.segments) expect([s.x1, s.y1, s.x2, s.y2].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
