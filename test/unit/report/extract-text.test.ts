import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block } from "../../../shared/domain/report.ts";
import { extractPlainText } from "../../../shared/report/extract-text.ts";
import { parseProactiveTable } from "../../../shared/report/tables/proactive.ts";
import { parseRequestsTable } from "../../../shared/report/tables/requests.ts";
import { seedPath, tableGrids } from "./tables/fixtures.ts";

const tables = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === "table" ? [b] : []));
const texts = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === "text" ? [b.raw] : []));

describe("extractPlainText on seed 001", () => {
  const doc = extractPlainText(readFileSync(seedPath("001_be91649d0d9c67f4.txt"), "utf8"));

  it("turns the three `|` runs into three pipe-text tables and keeps every other line as raw text", () => {
    expect(doc.mediaType).toBe("text");
    expect(tables(doc.blocks).map((t) => [t.source, t.rows.length])).toEqual([
      ["pipe-text", 14],
      ["pipe-text", 28],
      ["pipe-text", 4],
    ]);
    expect(texts(doc.blocks).some((t) => t.includes("|"))).toBe(false);
    expect(texts(doc.blocks)).toContain("二、主動公開政府信息情況");
    const first = doc.blocks[0];
    expect(first?.kind === "text" && first.text === first.raw).toBe(true);
  });

  it("emits ragged rows: trailing separators dropped, a leading group label kept as its own cell", () => {
    const [proactive, requests] = tables(doc.blocks);
    expect(proactive?.rows[0]).toEqual(["第二十條第(一)項"]);
    expect(proactive?.rows[2]).toEqual(["規章", "0", "0", "0"]);
    const secret = requests?.rows.find((r) => r[1] === "1.屬于國家秘密");
    expect(secret).toEqual(["(三)不予公開", "1.屬于國家秘密", "0", "0", "0", "0", "0", "0", "0"]);
    expect(requests?.rows.find((r) => r[0] === "2.重復申請")?.length).toBe(8);
    expect(requests?.rows[2]).toEqual(["商業 企業", "科研 機構", "社會公益組織", "法律服務機構", "其他"]);
  });
});

describe("extractPlainText: other text table forms", () => {
  it("one cell per line ('x |' lines, '||' row ends) as on 沅江路 pages", () => {
    const text = [
      "二、主动公开政府信息情况",
      "第二十条第(一)项 |",
      "|||",
      "信息内容 |",
      "本年制发件数 |",
      "本年废止件数 |",
      "现行有效件数 |",
      "规章 |",
      "0 |",
      "0 |",
      "0 |",
      "行政规范性文件 |",
      "4 |",
      "1 |",
      "23 |",
      "第二十条第(五)项 |",
      "|||",
      "信息内容 |",
      "本年处理决定数量 |",
      "||",
      "行政许可 |",
      "6 |",
      "||",
      "三、收到和处理政府信息公开申请情况",
    ].join("\n");
    const doc = extractPlainText(text);
    const [table] = tables(doc.blocks);
    expect(table?.source).toBe("cell-per-line");
    expect(table?.rows).toEqual([
      ["第二十条第(一)项"],
      ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "0"],
      ["行政规范性文件", "4", "1", "23"],
      ["第二十条第(五)项"],
      ["信息内容", "本年处理决定数量"],
      ["行政许可", "6"],
    ]);
    expect(texts(doc.blocks)).toEqual(["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]);
    const { table: mapped } = parseProactiveTable(tableGrids(doc.blocks)[0] ?? []);
    expect(mapped?.cells.normativeDocuments?.inForce?.value).toBe(23);
    expect(mapped?.cells.licensing?.decisions?.value).toBe(6);
  });

  it("bare cells between lone '|' lines", () => {
    const lines = [
      "一、本年新收政府信息公开申请数量",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "21",
      "二、上年结转政府信息公开申请数量",
    ];
    const text = [
      ...lines.flatMap((l) => [l, "|"]),
      "0",
      "|",
      "0",
      "|",
      "0",
      "|",
      "0",
      "|",
      "0",
      "|",
      "0",
      "|",
      "0",
    ].join("\n");
    const doc = extractPlainText(text);
    expect(tables(doc.blocks)).toHaveLength(1);
    expect(texts(doc.blocks)).toEqual([]);
    const { table } = parseRequestsTable(tableGrids(doc.blocks)[0] ?? []);
    expect(table?.cells.newReceived?.total?.value).toBe(21);
    expect(table?.cells.newReceived?.otherOrg?.value).toBe(6);
    expect(table?.cells.carriedOver?.total?.value).toBe(0);
  });

  it("markdown-like rows: leading pipe and separator rows dropped", () => {
    const text =
      "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|:---:|---|---|\n| 规章 | 0 | | 2 |";
    const [table] = tables(extractPlainText(text).blocks);
    expect(table?.rows).toEqual([
      ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
      ["规章", "0", "", "2"],
    ]);
  });

  it("metadata tables and bars go to pageMeta, with normalised keys", () => {
    const text = [
      "| 索引号 | 014421391/2026-246128 | 分类 | 信息公开年报 |",
      "| 发布机构 | 沿江街道 | 发文日期 | 2026-01-16 |",
      "| 文号 | 时效 |",
      "發布時間：2022-01-21 16:49 信息來源：安徽省统计局 浏览次数：120",
      "根据《中华人民共和国政府信息公开条例》规定，现公布本报告。",
    ].join("\n");
    const doc = extractPlainText(text);
    expect(doc.pageMeta).toEqual({
      索引号: "014421391/2026-246128",
      分类: "信息公开年报",
      发布机构: "沿江街道",
      发文日期: "2026-01-16",
      发布时间: "2022-01-21 16:49",
      信息来源: "安徽省统计局",
      浏览次数: "120",
    });
    expect(doc.blocks).toEqual([
      { kind: "text", text: expect.stringContaining("根据"), raw: expect.stringContaining("根据") },
    ]);
  });

  it("a single line with one pipe stays text; a title line is found", () => {
    const doc = extractPlainText("某某局2023年政府信息公开工作年度报告\n首页 | 政务公开\n正文");
    expect(doc.title).toBe("某某局2023年政府信息公开工作年度报告");
    expect(tables(doc.blocks)).toEqual([]);
    expect(texts(doc.blocks)).toContain("首页 | 政务公开");
  });

  it("caps a text table at 20 000 rows and 200 columns", () => {
    const wide = Array.from({ length: 250 }, (_, i) => String(i)).join(" | ");
    const text = [wide, ...Array.from({ length: 25_000 }, (_, i) => `行${i} | ${i}`)].join("\n");
    const [table] = tables(extractPlainText(text).blocks);
    expect(table?.rows.length).toBe(20_000);
    expect(table?.rows[0]?.length).toBe(200);
  });

  it("never throws, bounded and deterministic on arbitrary text", () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom("|", "||", "a |", "| a | b |", "|---|", "0 | 0 |", "发布时间：", "索引号：1"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const text = lines.join("\n");
        const doc = extractPlainText(text);
        expect(extractPlainText(text)).toEqual(doc);
        for (const block of doc.blocks)
          if (block.kind === "table") expect(block.rows.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
