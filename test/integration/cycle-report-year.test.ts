// A report page whose year is corrected (mis-titled, then fixed): from then on it stands for the year it
// now claims. It no longer counts as the report of the year it claimed before (that year's report may
// be missing now), and the findings it raised for that year are resolved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleBureauCycles } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const report = cleanHtmlReport(BUREAU);
/** A year the sample bureau publishes no report for. */
const CORRECTED = 2019;

describe("a report page whose year is corrected", () => {
  const bureauCycles = sampleBureauCycles(BUREAU);
  const url = new URL(report.url);
  const site = bureauCycles.files[url.host]!;
  const original = site[url.pathname]!;
  const brokenHtml = breakNewReceivedTotal(new TextDecoder().decode(original.body));

  async function cycleShowing(html: string) {
    site[url.pathname] = { ...original, body: new TextEncoder().encode(html) };
    const { bureau } = await bureauCycles.cycle();
    const arithmetic = (year: number) =>
      bureau.findings.filter((f) => f.rule === "table-arithmetic" && f.year === year);
    const yearsOfPage = bureau.reports.filter((r) => r.url === report.url).map((r) => r.year);
    return { arithmetic, yearsOfPage };
  }

  beforeAll(() => bureauCycles.start());
  afterAll(() => bureauCycles.stop());

  it("stands for the year it claims now, and drops the findings of the year it claimed before", async () => {
    const before = await cycleShowing(brokenHtml);
    expect(before.yearsOfPage).toEqual([report.year]);
    expect(before.arithmetic(report.year)).toHaveLength(2);

    const correctedHtml = brokenHtml.replaceAll(String(report.year), String(CORRECTED));
    const after = await cycleShowing(correctedHtml);
    expect(after.yearsOfPage).toEqual([CORRECTED]);
    expect(after.arithmetic(report.year)).toEqual([]);
    expect(after.arithmetic(CORRECTED)).toHaveLength(2);
    // And so it stays while the page stays as it is (not read again).
    const unchanged = await cycleShowing(correctedHtml);
    expect(unchanged.yearsOfPage).toEqual([CORRECTED]);
    expect(unchanged.arithmetic(CORRECTED)).toHaveLength(2);
  }, 120_000);
});
