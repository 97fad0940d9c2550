// Attachment readers on hostile input: never throw anything but their typed error, always finish
// (the vitest timeout bounds each run), and give the same answer twice.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeDocx } from "../../../infra/local/sites/docx-writer.ts";
import { makeReportOfd } from "../../../infra/local/sites/ofd-writer.ts";
import { makeReportPdf } from "../../../infra/local/sites/pdf-writer.ts";
import type { ExtractedDocument } from "../../../shared/domain/report.ts";
import { DocReadError, extractDoc } from "../../../shared/report/extract-doc.ts";
import { DocxReadError, extractDocx } from "../../../shared/report/extract-docx.ts";
import { extractOfd, OfdReadError } from "../../../shared/report/extract-ofd.ts";
import { extractPdf, PdfReadError } from "../../../shared/report/extract-pdf.ts";
import { report2021 } from "../../fixtures/attachments/report-2021.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/attachments");

type Reader = (bytes: Uint8Array) => Promise<ExtractedDocument>;

/** Resolves to the document, or to "typed-error"; any other rejection fails the property. */
async function outcome(read: Reader, errorType: new (...args: never[]) => Error, bytes: Uint8Array) {
  try {
    const doc = await read(bytes);
    expect(Array.isArray(doc.blocks)).toBe(true);
    for (const block of doc.blocks)
      if (block.kind === "table")
        expect(new Set(block.rows.map((r) => r.length)).size).toBeLessThanOrEqual(1);
    return JSON.stringify(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(errorType);
    expect((error as { retryable?: boolean }).retryable).toBe(false);
    return "typed-error";
  }
}

/** A valid file with random bytes overwritten, or cut short. */
const mutated = (original: Uint8Array) =>
  fc
    .record({
      edits: fc.array(
        fc.record({ at: fc.nat({ max: original.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }),
        {
          maxLength: 20,
        },
      ),
      cut: fc.option(fc.nat({ max: original.length }), { nil: undefined }),
    })
    .map(({ edits, cut }) => {
      const copy = original.slice(0, cut ?? original.length);
      for (const { at, value } of edits) if (at < copy.length) copy[at] = value;
      return copy;
    });

const cases: {
  name: string;
  read: Reader;
  error: new (...args: never[]) => Error;
  sample: () => Promise<Uint8Array>;
}[] = [
  {
    name: "extractPdf",
    read: extractPdf,
    error: PdfReadError,
    sample: async () => makeReportPdf(report2021(1).input),
  },
  {
    name: "extractDocx",
    read: extractDocx,
    error: DocxReadError,
    sample: () => makeDocx(report2021(1).input),
  },
  {
    name: "extractOfd (deflated)",
    read: extractOfd,
    error: OfdReadError,
    sample: async () => makeReportOfd(report2021(1).input),
  },
  {
    name: "extractOfd (stored: damage lands in the XML)",
    read: extractOfd,
    error: OfdReadError,
    sample: async () => makeReportOfd(report2021(1).input, { style: "converted", store: true }),
  },
  {
    name: "extractDoc",
    read: extractDoc,
    error: DocReadError,
    sample: async () => new Uint8Array(readFileSync(path.join(fixtures, "report-2021-seed3.doc"))),
  },
];

describe.each(cases)("$name on hostile input", ({ read, error, sample }) => {
  it("takes arbitrary bytes without throwing anything but its typed error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        await outcome(read, error, bytes);
      }),
      { numRuns: 60 },
    );
  });

  it("survives a damaged real file, deterministically", async () => {
    const original = await sample();
    await fc.assert(
      fc.asyncProperty(mutated(original), async (bytes) => {
        const first = await outcome(read, error, bytes);
        const second = await outcome(read, error, bytes);
        expect(second).toBe(first);
      }),
      { numRuns: 25 },
    );
  });
});
