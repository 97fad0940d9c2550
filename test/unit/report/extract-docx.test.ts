import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { makeDocx } from "../../../infra/local/sites/docx-writer.ts";
import type { Block } from "../../../shared/domain/report.ts";
import { DocxReadError, extractDocx } from "../../../shared/report/extract-docx.ts";
import { report2021 } from "../../fixtures/attachments/report-2021.ts";

type TableBlock = Extract<Block, { kind: "table" }>;
const tablesOf = (blocks: Block[]): TableBlock[] => blocks.filter((b): b is TableBlock => b.kind === "table");

describe("extractDocx", () => {
  it("recovers tables with merged header cells (gridSpan, vMerge) as exact grids", async () => {
    for (const seed of [3, 8]) {
      const { input, tables } = report2021(seed);
      const doc = await extractDocx(await makeDocx(input));
      const got = tablesOf(doc.blocks);
      expect(got.map((t) => t.source)).toEqual(["docx", "docx", "docx"]);
      tables.forEach((table, i) => {
        expect(got[i]?.rows, `${seed} ${table.name}`).toEqual(table.expected);
      });
      // The vertically merged group label fills every row it spans (vMerge resolved).
      const requests = got[1]?.rows ?? [];
      expect(requests.filter((row) => row[0] === "三、本年度办理结果")).toHaveLength(22);
    }
  });

  it("gives the title and the paragraphs in document order, tables between them", async () => {
    const { input } = report2021(5);
    const doc = await extractDocx(await makeDocx(input));
    expect(doc.mediaType).toBe("docx");
    expect(doc.title).toBe(input.title);
    const kinds = doc.blocks.map((b) => (b.kind === "text" ? b.text : `[${b.kind}]`));
    const at = (text: string) => kinds.indexOf(text);
    expect(at("二、主动公开政府信息情况")).toBeLessThan(kinds.indexOf("[table]"));
    expect(at("三、收到和处理政府信息公开申请情况")).toBeGreaterThan(kinds.indexOf("[table]"));
    expect(kinds.filter((k) => k === "[table]")).toHaveLength(3);
    expect(kinds).toContain(input.paragraphs[2]);
  });

  it("rejects bytes that are not a DOCX with a DocxReadError (not retryable)", async () => {
    await expect(extractDocx(new TextEncoder().encode("not a zip"))).rejects.toBeInstanceOf(DocxReadError);
    const zip = new JSZip();
    zip.file("hello.txt", "a zip, but no word/document.xml");
    const bytes = await zip.generateAsync({ type: "uint8array" });
    await expect(extractDocx(bytes)).rejects.toMatchObject({ name: "DocxReadError", retryable: false });
  });
});
