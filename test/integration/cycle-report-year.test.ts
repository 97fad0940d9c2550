// A report page whose year is corrected (mis-titled, then fixed): from then on it stands for the year it
// now claims. It no longer counts as the report of the year it claimed before (that year's report may
// be missing now), and the findings it raised for that year are resolved.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSampleSites,
  type SampleSitesServer,
  startSampleSites,
} from "../../infra/local/sites/server.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { runTestCycle } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const report = cleanHtmlReport(BUREAU);
/** A year the sample bureau publishes no report for. */
const CORRECTED = 2019;

describe("a report page whose year is corrected", () => {
  const files = createSampleSites();
  const url = new URL(report.url);
  const site = files[url.host]!;
  const original = site[url.pathname]!;
  const brokenHtml = breakNewReceivedTotal(new TextDecoder().decode(original.body));
  let sites: SampleSitesServer;
  let dataDir: string;
  let registry: Registry;

  async function cycleShowing(html: string) {
    site[url.pathname] = { ...original, body: new TextEncoder().encode(html) };
    const run = await runTestCycle(registry, dataDir);
    const bureau = cycleJson(run.result).bureaus.find((b) => b.id === BUREAU)!;
    const arithmetic = (year: number) =>
      bureau.findings.filter((f) => f.rule === "table-arithmetic" && f.year === year);
    const yearsOfPage = bureau.reports.filter((r) => r.url === report.url).map((r) => r.year);
    return { arithmetic, yearsOfPage };
  }

  beforeAll(async () => {
    sites = await startSampleSites({ files });
    dataDir = await mkdtemp(path.join(tmpdir(), "gdm-year-"));
    registry = { ...sites.registry, bureaus: sites.registry.bureaus.filter((b) => b.id === BUREAU) };
  });

  afterAll(async () => {
    await sites?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("stands for the year it claims now, and drops the findings of the year it claimed before", async () => {
    const before = await cycleShowing(brokenHtml);
    expect(before.yearsOfPage).toEqual([report.year]);
    expect(before.arithmetic(report.year)).toHaveLength(2);

    const after = await cycleShowing(brokenHtml.replaceAll(String(report.year), String(CORRECTED)));
    expect(after.yearsOfPage).toEqual([CORRECTED]);
    expect(after.arithmetic(report.year)).toEqual([]);
    expect(after.arithmetic(CORRECTED)).toHaveLength(2);
  }, 120_000);
});
