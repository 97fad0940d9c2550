// Reading + checking HTML reports against a bare cheerio.load of the same bytes (issues 2 and 3), OFD
// reports against PDFs of the same layout, and a 5 MB hostile page handled in bounded time.
import * as cheerio from "cheerio";
import { SAMPLE_GROUND_TRUTH } from "../infra/local/sites/ground-truth.ts";
import { makeReportOfd } from "../infra/local/sites/ofd-writer.ts";
import { makeReportPdf } from "../infra/local/sites/pdf-writer.ts";
import { buildSampleSites } from "../infra/local/sites/server.ts";
import { readReport } from "../shared/report/read-report.ts";
import { runChecks } from "../shared/rules/run-checks.ts";
import { report2021 } from "../test/fixtures/attachments/report-2021.ts";
import { compare, printRatio } from "./measure.ts";

interface Page {
  url: string;
  bytes: Uint8Array;
  contentType: string;
}

function htmlReportPages(): Page[] {
  const files = buildSampleSites();
  const pages: Page[] = [];
  for (const bureau of SAMPLE_GROUND_TRUTH.bureaus)
    for (const doc of bureau.documents) {
      if (doc.kind !== "annual-report" || doc.render !== "html" || doc.duplicateOf) continue;
      const url = new URL(doc.url);
      const file = files[url.host]?.[url.pathname];
      if (file) pages.push({ url: doc.url, bytes: file.body, contentType: file.contentType });
    }
  return pages;
}

/** Deep nesting, a vast table with spans, unclosed tags and very long lines: everything at once. */
function hostilePage(targetBytes: number): Uint8Array {
  const parts: string[] = [
    "<html><head><meta charset=gbk><title>2023年政府信息公开工作年度报告</title></head><body>",
  ];
  parts.push("<div>".repeat(5000), "一、总体情况", "</div>".repeat(2500));
  let size = Buffer.byteLength(parts.join(""));
  let row = 0;
  parts.push("<table>");
  while (size < targetBytes * 0.7) {
    const cell = `<tr><td rowspan=${(row % 7) + 1} colspan=${(row % 5) + 1}>（${row}）本年新收政府信息公开申请数量</td>${"<td>1</td>".repeat(12)}`;
    parts.push(cell);
    size += Buffer.byteLength(cell);
    row++;
  }
  parts.push("</table>");
  const line = `${"三、收到和处理政府信息公开申请情况".repeat(200)}<p><b><i>`;
  while (size < targetBytes) {
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  return new TextEncoder().encode(parts.join(""));
}

export async function parseBench(rounds = 15): Promise<void> {
  const pages = htmlReportPages();
  console.log(`\n# Reading + parsing HTML reports (${pages.length} sample report pages)`);
  const loadAll = () => {
    for (const p of pages) cheerio.load(Buffer.from(p.bytes));
  };
  const read = () =>
    Promise.all(pages.map((p) => readReport({ bytes: p.bytes, url: p.url, contentType: p.contentType })));
  printRatio(
    await compare(
      "readReport (decode, normalise, extract, classify, parse)",
      "bare cheerio.load",
      rounds,
      loadAll,
      read,
    ),
    3,
  );
  const readAndCheck = async () => {
    for (const r of await read()) runChecks(r, { today: "2026-11-23" });
  };
  printRatio(
    await compare(
      "parse + check stage (readReport + runChecks)",
      "bare cheerio.load",
      rounds,
      loadAll,
      readAndCheck,
    ),
  );

  // OFD and PDF of the same laid-out reports: the OFD path (zip, XML, the shared layout analysis) against
  // pdfjs's text layer feeding the same analysis.
  const layouts = Array.from({ length: 12 }, (_, i) => report2021(i + 1).input);
  const ofds = layouts.map((input) => makeReportOfd(input));
  const pdfs = layouts.map((input) => makeReportPdf(input));
  console.log(`\n# Reading ${layouts.length} three-page reports, as OFD and as PDF of the same layout`);
  printRatio(
    await compare(
      "readReport on the OFD files",
      "readReport on the PDF files",
      5,
      () => Promise.all(pdfs.map((bytes) => readReport({ bytes }))),
      () => Promise.all(ofds.map((bytes) => readReport({ bytes }))),
    ),
  );

  const hostile = hostilePage(5 * 1024 * 1024);
  console.log(`\n# A ${(hostile.length / 1024 / 1024).toFixed(1)} MB hostile page`);
  printRatio(
    await compare(
      "readReport on the hostile page",
      "bare cheerio.load",
      3,
      () => cheerio.load(Buffer.from(hostile)),
      () => readReport({ bytes: hostile, contentType: "text/html" }),
    ),
  );
}
