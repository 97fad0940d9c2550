// A published report that moves to another URL (sites are reorganised; the listing then links the new
// address): its open findings follow it instead of being alerted a second time, they resolve once the
// report at its new address is fixed, and findings left behind at the old address resolve once a
// complete crawl finds that year's report elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack } from "../../infra/local/stack.ts";
import { sampleBureauCycles } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const report = cleanHtmlReport(BUREAU);
const host = new URL(report.url).host;

describe("a report that moves to another URL", () => {
  const bureauCycles = sampleBureauCycles(BUREAU);
  const site = bureauCycles.files[host]!;
  const original = site[new URL(report.url).pathname]!;
  const broken = {
    ...original,
    body: new TextEncoder().encode(breakNewReceivedTotal(new TextDecoder().decode(original.body))),
  };
  /** Where the report is published now (pathname), and under which name it was before. */
  let current = new URL(report.url).pathname;

  /** Serves the report under `to` only, with every page that linked it linking there. */
  function move(to: string) {
    const body = site[current]!;
    delete site[current];
    for (const [pathname, file] of Object.entries(site)) {
      const text = new TextDecoder().decode(file.body);
      if (!text.includes(current)) continue;
      site[pathname] = { ...file, body: new TextEncoder().encode(text.replaceAll(current, to)) };
    }
    site[to] = body;
    current = to;
  }

  async function cycle() {
    const { bureau, totals } = await bureauCycles.cycle();
    const arithmetic = bureau.findings.filter((f) => f.rule === "table-arithmetic" && f.year === report.year);
    return { bureau, arithmetic, alerts: totals.alertsQueued };
  }

  beforeAll(() => bureauCycles.start());
  afterAll(() => bureauCycles.stop());

  it("keeps its findings single and unalerted when it moves, and resolves them when fixed there", async () => {
    site[current] = broken;
    const first = await cycle();
    expect(first.arithmetic).toHaveLength(2);
    expect(first.alerts).toBe(2);

    move(current.replace(/\.html$/, "-moved.html"));
    const moved = await cycle();
    expect(moved.bureau.status).toBe("ok");
    expect(moved.bureau.reports.map((r) => new URL(r.url).pathname)).toContain(current);
    expect(moved.arithmetic).toHaveLength(2);
    expect(moved.alerts).toBe(0);
    // The stored version (same bytes) now lives at the new address, where the API shows it.
    const stack = await startLocalStack({ dataDir: bureauCycles.dataDir });
    try {
      const versions = await stack.repo.getReportVersions(BUREAU, report.year);
      expect(versions.map((v) => new URL(v.url).pathname)).toEqual([current]);
    } finally {
      await stack.stop();
    }

    site[current] = original;
    const fixed = await cycle();
    expect(fixed.arithmetic).toEqual([]);
  }, 120_000);

  it("raises report-modified when a moved report is then edited at its new address", async () => {
    move(current.replace(/\.html$/, "-3.html"));
    await cycle();
    site[current] = broken;
    const edited = await cycle();
    const modified = edited.bureau.findings.filter((f) => f.rule === "report-modified");
    expect(modified.map((f) => f.year)).toEqual([report.year]);
    site[current] = original;
    await cycle();
  }, 120_000);

  it("resolves the findings left behind at the old address once the year's report is found elsewhere", async () => {
    site[current] = broken;
    const again = await cycle();
    expect(again.arithmetic).toHaveLength(2);
    // Moved and fixed in one go: nothing at the new address recurs, the old address is gone.
    site[current] = original;
    move(current.replace(/\.html$/, "-2.html"));
    const after = await cycle();
    expect(after.bureau.status).toBe("ok");
    expect(after.arithmetic).toEqual([]);
    expect(after.alerts).toBe(0);
    // Moved and changed: compared with what the old address showed.
    const modified = after.bureau.findings.filter(
      (f) => f.rule === "report-modified" && f.year === report.year,
    );
    expect(modified).toHaveLength(1);
    expect((modified[0]!.evidence as { changes: string[] }).changes.join("\n")).toContain(
      "requests.newReceived.total",
    );
  }, 120_000);
});
