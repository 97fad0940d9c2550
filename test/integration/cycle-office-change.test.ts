// A registry that moves a bureau to another supervising office: the next cycle files the bureau's
// findings under the new office (its API queries and digest show them) and the old office keeps none,
// including the findings of reports that were not read again (unchanged since the last cycle).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSitesServer, startSampleSites } from "../../infra/local/sites/server.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { runTestCycle } from "../support/local-cycle.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

const BUREAU = "jr-tjj";
const NEW_OFFICE = { id: "zj-zwgk", name: "镇江市政务公开办", emails: ["zwgk@example.gov.cn"] };

describe("a bureau moved to another office", () => {
  const dataDir = useTempDir("gdm-office-");
  let sites: SampleSitesServer;
  beforeAll(async () => {
    sites = await startSampleSites();
  });
  afterAll(() => sites?.close());

  it("has its findings filed under the new office from the next cycle on", async () => {
    const bureau = sites.registry.bureaus.find((b) => b.id === BUREAU)!;
    const before: Registry = { ...sites.registry, bureaus: [bureau] };
    const first = cycleJson((await runTestCycle(before, dataDir.path)).result);
    const found = first.bureaus[0]!.findings.length;
    expect(found).toBeGreaterThan(0);

    const after: Registry = {
      ...sites.registry,
      offices: [...sites.registry.offices, NEW_OFFICE],
      bureaus: [{ ...bureau, supervisor: NEW_OFFICE.id }],
    };
    const second = cycleJson((await runTestCycle(after, dataDir.path)).result);
    expect(second.totals.parsed).toBe(0);

    const stack = await startLocalStack({ dataDir: dataDir.path });
    try {
      const filed = await stack.repo.findingsByOffice(NEW_OFFICE.id, { status: "open" });
      expect(filed).toHaveLength(found);
      expect(new Set(filed.map((f) => f.bureauId))).toEqual(new Set([BUREAU]));
      expect(await stack.repo.findingsByOffice(bureau.supervisor)).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
