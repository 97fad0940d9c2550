// What a reader of a laid-out report2021 (test/fixtures/attachments/report-2021.ts) must give, whatever the
// fixed-layout format it was printed to: its title, its headings in order, no page furniture.
import { expect } from "vitest";
import type { ExtractedDocument } from "../../shared/domain/report.ts";

const HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"];

export function expectReadingOrder(doc: ExtractedDocument, title: string): void {
  const texts = doc.blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
  expect(doc.title).toBe(title);
  const positions = HEADINGS.map((h) => texts.indexOf(h));
  expect(positions.every((p) => p > 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  // No page numbers ("- 2 -") and no running header (the portal's name).
  expect(texts.some((t) => /^-\s*\d+\s*-$/.test(t))).toBe(false);
  expect(texts.some((t) => t.includes("门户网站"))).toBe(false);
}
