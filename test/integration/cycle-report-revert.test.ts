// A published report edited, reverted, and edited again (a bureau undoing a correction, then redoing
// it): each cycle's findings are those of what the page shows now, compared with what it showed last
// time, not with the newest version ever stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleBureauCycles } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const report = cleanHtmlReport(BUREAU);

describe("a report that is edited, reverted and edited again", () => {
  const bureauCycles = sampleBureauCycles(BUREAU);
  const url = new URL(report.url);
  const site = bureauCycles.files[url.host]!;
  const original = site[url.pathname]!;
  const edited = {
    ...original,
    body: new TextEncoder().encode(breakNewReceivedTotal(new TextDecoder().decode(original.body))),
  };

  async function cycleShowing(file: typeof original) {
    site[url.pathname] = file;
    const { bureau } = await bureauCycles.cycle();
    const ofYear = (rule: string) => bureau.findings.filter((f) => f.rule === rule && f.year === report.year);
    return { arithmetic: ofYear("table-arithmetic"), modified: ofYear("report-modified") };
  }

  beforeAll(() => bureauCycles.start());
  afterAll(() => bureauCycles.stop());

  it("judges what the page shows now", async () => {
    expect((await cycleShowing(original)).arithmetic).toEqual([]);
    const first = await cycleShowing(edited);
    expect(first.arithmetic).toHaveLength(2);
    expect(first.modified).toHaveLength(1);
    expect((await cycleShowing(original)).arithmetic).toEqual([]);
    // The edit again: its bytes are stored already, but the page showed the original last time.
    const again = await cycleShowing(edited);
    expect(again.arithmetic).toHaveLength(2);
    expect(again.modified).toHaveLength(1);
  }, 180_000);
});
