// A column that lists a report under a title without its year ("某局政府信息公开工作年度报告", as a
// per-year sub-column does): the report is still found, read, and stands for the year the document
// itself gives, so that year's report is not called missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleBureauCycles } from "../support/local-cycle.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const report = cleanHtmlReport(BUREAU);

describe("a report listed under a title without its year", () => {
  const bureauCycles = sampleBureauCycles(BUREAU);
  const url = new URL(report.url);
  const site = bureauCycles.files[url.host]!;
  const listingPath = "/zwgk/gknb/";

  beforeAll(async () => {
    const listing = site[listingPath]!;
    const html = new TextDecoder().decode(listing.body);
    const path = url.pathname;
    const linked = new RegExp(`<a[^>]*href="${path}"[^>]*>[^<]*</a>`);
    if (!linked.test(html)) throw new Error(`the sample listing does not link ${path}`);
    // Neither its text nor a title attribute names the year.
    const yearless = `<a href="${path}" target="_blank">襄阳市审计局政府信息公开工作年度报告</a>`;
    site[listingPath] = { ...listing, body: new TextEncoder().encode(html.replace(linked, yearless)) };
    await bureauCycles.start();
  });
  afterAll(() => bureauCycles.stop());

  it("is found, and stands for the year its document gives", async () => {
    const { bureau } = await bureauCycles.cycle();
    expect(bureau.reports).toContainEqual(expect.objectContaining({ url: report.url, year: report.year }));
    // A second cycle, when a year still without a report would be called missing: this one is not.
    const second = await bureauCycles.cycle();
    const missing = second.bureau.findings.filter((f) => f.rule === "report-missing").map((f) => f.year);
    expect(missing).not.toContain(report.year);
  }, 120_000);
});
