// The attachment readers feed the report reader: every format of the same generated report must give
// the same Table 2/3/4 values once parsed (readReport → analyseDocument → table parsers).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeDocx } from "../../../infra/local/sites/docx-writer.ts";
import { makeReportPdf } from "../../../infra/local/sites/pdf-writer.ts";
import { REQUEST_COLUMNS, REQUEST_ROWS_2021 } from "../../../shared/domain/keys.ts";
import type { ParsedReport } from "../../../shared/domain/report.ts";
import { readReport } from "../../../shared/report/read-report.ts";
import { report2021 } from "../../fixtures/attachments/report-2021.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/attachments");

/** Table 3 as 25 rows × 7 printed values, in canonical order. */
function requestValues(report: ParsedReport): (string | undefined)[][] {
  return REQUEST_ROWS_2021.map((row) =>
    REQUEST_COLUMNS.map((col) => report.tables.requests?.cells[row]?.[col]?.raw),
  );
}

describe("attachments read end to end", () => {
  it("gives Table 3 exactly as generated, from ruled and borderless PDF, LibreOffice PDF, DOCX and DOC", async () => {
    const { input, tables } = report2021(3);
    const expected = (tables[1]?.expected ?? []).slice(3).map((row) => row.slice(-7));
    const sources: [string, Uint8Array][] = [
      ["pdf", makeReportPdf(input)],
      ["borderless pdf", makeReportPdf(report2021(3, { ruled: false }).input)],
      ["libreoffice pdf", readFileSync(path.join(fixtures, "report-2021-seed3-libreoffice.pdf"))],
      ["docx", await makeDocx(input)],
      ["doc", readFileSync(path.join(fixtures, "report-2021-seed3.doc"))],
    ];
    for (const [name, bytes] of sources) {
      const report = await readReport({ bytes: new Uint8Array(bytes) });
      expect(report.kind, name).toBe("annual-report");
      expect(report.unknownLabels, name).toEqual([]);
      expect(requestValues(report), name).toEqual(expected);
      expect(report.tables.review?.litigationAfterReview.total?.raw, name).toBe(
        tables[2]?.expected.at(-1)?.at(-1),
      );
    }
  });
});
