import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dropSpamPrefix, isBoilerplateLine } from "../../../shared/text/boilerplate.ts";
import { isGarbledLine, recoverMisalignedLine } from "../../../shared/text/mojibake.ts";
import { normaliseLine, normaliseText } from "../../../shared/text/normalise.ts";

// Strings drawn from the characters these documents are made of, plus arbitrary code points.
const PIECES = [
  "一、",
  "（一）",
  "(二)",
  "總計",
  "行政規范性文件",
  "復議后起訴",
  "依據(jù)",
  "公(gong)開",
  "　",
  "\u00a0",
  " ",
  "2022",
  "２０２２",
  "1,036",
  "10:30",
  ":",
  ",",
  ";",
  "|",
  "?。ㄒ唬┲鲃庸_情況",
  "三?!敝",
  "ǘ",
  "┲",
  "ㄒ",
  "\ufffd",
  "202111日",
  "〔202130",
  "http://a.gov.cn/",
  "鏀垮簻淇℃伅",
  "\u200b",
  "(PDF)",
  "（ICP）",
  "澳门博彩",
];
const docText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc
    .array(fc.integer({ min: 0x4e00, max: 0x9fff }), { maxLength: 40 })
    .map((codes) => String.fromCharCode(...codes)),
);

describe("normalisation properties", () => {
  it("normaliseLine never throws, is deterministic and idempotent", () => {
    fc.assert(
      fc.property(docText, (raw) => {
        const once = normaliseLine(raw);
        expect(normaliseLine(raw)).toBe(once);
        expect(normaliseLine(once)).toBe(once);
        expect(once).not.toMatch(/^\s|\s$|\s\s|[\u3000\u00a0\n]/);
      }),
      { numRuns: 1500 },
    );
  });

  it("normaliseText keeps the line count and agrees with normaliseLine", () => {
    fc.assert(
      fc.property(fc.array(docText, { maxLength: 8 }), (lines) => {
        const raw = lines.map((l) => l.replace(/[\r\n\u2028\u2029]/g, "")).join("\n");
        const { text, damage } = normaliseText(raw);
        expect(text.split("\n")).toEqual(raw.split("\n").map(normaliseLine));
        for (const d of damage) expect(d.sample.length).toBeLessThanOrEqual(40);
      }),
      { numRuns: 500 },
    );
  });

  it("the line predicates never throw on arbitrary input", () => {
    fc.assert(
      fc.property(docText, fc.array(docText, { maxLength: 5 }), (line, lines) => {
        expect(typeof isGarbledLine(line)).toBe("boolean");
        expect(typeof isBoilerplateLine(line)).toBe("boolean");
        const recovered = recoverMisalignedLine(line);
        expect(recovered === null || typeof recovered === "string").toBe(true);
        const kept = dropSpamPrefix(lines);
        expect(lines.slice(lines.length - kept.length)).toEqual(kept);
      }),
      { numRuns: 800 },
    );
  });

  it("handles a 1 MB text with long lines and many damaged lines", () => {
    const line = "依據(jù)《條例》，2022年共受理申請58件。?。ㄒ唬┲鲃庸_情況 202111日 ";
    const raw = Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? line.repeat(200) : line)).join("\n");
    expect(raw.length).toBeGreaterThan(1_000_000);
    const { text, damage } = normaliseText(raw);
    expect(text.split("\n")).toHaveLength(5000);
    expect(text).toContain("依据《条例》");
    expect(damage.length).toBeLessThanOrEqual(25);
  });
});
