import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeDocx } from "../../../infra/local/sites/docx-writer.ts";
import type { Block } from "../../../shared/domain/report.ts";
import { CELL_END, CELL_PARAGRAPH, ROW_END } from "../../../shared/report/doc/word-tables.ts";
import { blocksOfMarkedBody, DocReadError, extractDoc } from "../../../shared/report/extract-doc.ts";
import { report2021 } from "../../fixtures/attachments/report-2021.ts";

type TableBlock = Extract<Block, { kind: "table" }>;
const tablesOf = (blocks: Block[]): TableBlock[] => blocks.filter((b): b is TableBlock => b.kind === "table");
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/attachments");
// report2021(3) written by makeDocx and converted once with LibreOffice 7.4 ("MS Word 97" filter).
const docFixture = (): Buffer => readFileSync(path.join(fixtures, "report-2021-seed3.doc"));

describe("extractDoc on a Word 97 file", () => {
  it("recovers all three tables as exact grids, merged cells resolved from the row definitions", async () => {
    const { tables } = report2021(3);
    const doc = await extractDoc(docFixture());
    const got = tablesOf(doc.blocks);
    expect(got.map((t) => t.source)).toEqual(["doc", "doc", "doc"]);
    tables.forEach((table, i) => {
      expect(got[i]?.rows, table.name).toEqual(table.expected);
    });
  });

  it("gives the body paragraphs as text blocks, in order, with the title", async () => {
    const { input } = report2021(3);
    const doc = await extractDoc(docFixture());
    expect(doc.mediaType).toBe("doc");
    expect(doc.title).toBe(input.title);
    const texts = doc.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
    expect(texts).toContain("四、政府信息公开行政复议、行政诉讼情况");
    expect(texts.indexOf("一、总体情况")).toBeLessThan(texts.indexOf("六、其他需要报告的事项"));
    expect(texts).toContain(input.paragraphs[2]);
  });

  it("reads a DOCX served under a .doc name as DOCX", async () => {
    const { input, tables } = report2021(4);
    const doc = await extractDoc(await makeDocx(input));
    expect(doc.mediaType).toBe("docx");
    expect(tablesOf(doc.blocks)[1]?.rows).toEqual(tables[1]?.expected);
  });

  it("rejects non-Word bytes and a corrupt file with a cyclic sector chain, without hanging", async () => {
    await expect(extractDoc(new TextEncoder().encode("plain text"))).rejects.toBeInstanceOf(DocReadError);
    const corrupt = Buffer.from(docFixture());
    const firstFatSector = corrupt.readInt32LE(0x4c);
    const fat = 512 + firstFatSector * 512;
    corrupt.writeInt32LE(1, fat); // sector 0 → 1
    corrupt.writeInt32LE(0, fat + 4); // sector 1 → 0: a cycle
    await expect(extractDoc(corrupt)).rejects.toMatchObject({
      name: "DocReadError",
      retryable: false,
      message: expect.stringContaining("cyclic"),
    });
  });
});

describe("blocksOfMarkedBody (the text shape word-extractor gives, with cell and row marks)", () => {
  it("splits cells and rows; without row definitions, rows are padded to one width", () => {
    const body = `标题\n${["项目", "数量"].join(CELL_END)}${CELL_END}${ROW_END}${["甲", "1"].join(CELL_END)}${CELL_END}${ROW_END}${["乙", "0"].join(CELL_END)}${CELL_END}${ROW_END}结尾\n`;
    expect(blocksOfMarkedBody(body, [])).toEqual([
      { kind: "text", text: "标题", raw: "标题" },
      {
        kind: "table",
        source: "doc",
        rows: [
          ["项目", "数量"],
          ["甲", "1"],
          ["乙", "0"],
        ],
      },
      { kind: "text", text: "结尾", raw: "结尾" },
    ]);
  });

  it("joins paragraphs inside a cell and resolves spans from cell boundaries", () => {
    const row1 = `申请人${CELL_PARAGRAPH}情况${CELL_END}${ROW_END}`;
    const row2 = `商业企业${CELL_END}科研机构${CELL_END}${ROW_END}`;
    const defs = [
      { cp: 0, cells: [{ left: 0, right: 2000, mergedUp: false, mergedLeft: false }] },
      {
        cp: 1,
        cells: [
          { left: 0, right: 1000, mergedUp: false, mergedLeft: false },
          { left: 1000, right: 2000, mergedUp: false, mergedLeft: false },
        ],
      },
    ];
    const [table] = tablesOf(blocksOfMarkedBody(row1 + row2, defs));
    expect(table?.rows).toEqual([
      ["申请人情况", "申请人情况"],
      ["商业企业", "科研机构"],
    ]);
  });
});
