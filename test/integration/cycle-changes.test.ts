// What happens between cycles: a published report edited in place (report-modified, both snapshots kept,
// the new arithmetic error alerted once) and a bureau whose site is down (site-unreachable, never a
// compliance finding such as report-missing).
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCycleRun } from "../../infra/local/local-cycle.ts";
import {
  createSampleSites,
  type SampleSitesServer,
  startSampleSites,
} from "../../infra/local/sites/server.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";
import { runTestCycle } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const edited = cleanHtmlReport(BUREAU);

/** A port nothing listens on: take one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("changes between cycles", () => {
  const files = createSampleSites();
  let sites: SampleSitesServer;
  let dataDir: string;
  let registry: Registry;
  const runs: LocalCycleRun[] = [];
  const cycle = async () => {
    const run = await runTestCycle(registry, dataDir);
    runs.push(run);
    return cycleJson(run.result);
  };

  beforeAll(async () => {
    sites = await startSampleSites({ files });
    dataDir = await mkdtemp(path.join(tmpdir(), "gdm-changes-"));
    const bureau = sites.registry.bureaus.find((b) => b.id === BUREAU)!;
    const dead = {
      ...bureau,
      id: "dead-tjj",
      name: "某市统计局",
      site: "http://tjj.dead.gov.cn/",
      listings: ["http://tjj.dead.gov.cn/zwgk/zfxxgknb/"],
      hosts: [],
    };
    registry = {
      ...sites.registry,
      bureaus: [bureau, dead],
      resolve: { ...sites.registry.resolve, "tjj.dead.gov.cn": `127.0.0.1:${await closedPort()}` },
    };
  });

  afterAll(async () => {
    await sites?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("reports a site that cannot be reached as an operational finding, nothing else", async () => {
    const json = await cycle();
    const dead = json.bureaus.find((b) => b.id === "dead-tjj")!;
    expect(dead.status).toBe("unreachable");
    expect(dead.findings.map((f) => f.rule)).toEqual(["site-unreachable"]);
    expect(dead.errors.length).toBeGreaterThan(0);
    const live = json.bureaus.find((b) => b.id === BUREAU)!;
    expect(live.findings.filter((f) => f.rule === "table-arithmetic")).toEqual([]);
  }, 120_000);

  it("raises report-modified with both snapshots kept when a published report changes", async () => {
    const url = new URL(edited.url);
    const file = files[url.host]![url.pathname]!;
    const before = new TextDecoder().decode(file.body);
    files[url.host]![url.pathname] = {
      ...file,
      body: new TextEncoder().encode(breakNewReceivedTotal(before)),
      lastModified: new Date(Date.parse(file.lastModified) + 86_400_000).toUTCString(),
    };
    const json = await cycle();
    const live = json.bureaus.find((b) => b.id === BUREAU)!;
    const modified = live.findings.filter((f) => f.rule === "report-modified");
    expect(modified).toHaveLength(1);
    expect(modified[0]!.year).toBe(edited.year);
    const evidence = modified[0]!.evidence as {
      previousSnapshot: string;
      snapshot: string;
      changes: string[];
    };
    expect(evidence.previousSnapshot).not.toBe(evidence.snapshot);
    const snapshots = new FileSnapshotStore(path.join(dataDir, "snapshots"));
    for (const key of [evidence.previousSnapshot, evidence.snapshot])
      expect(await snapshots.get(key)).toBeDefined();
    expect(evidence.changes.join("\n")).toContain("requests.newReceived.total");
    const arithmetic = live.findings.filter((f) => f.rule === "table-arithmetic" && f.year === edited.year);
    expect(arithmetic.map((f) => (f.evidence as { relation: string }).relation).sort()).toEqual([
      "balance",
      "row-total",
    ]);
    expect(cycleJson(runs.at(-1)!.result).totals.alertsQueued).toBe(arithmetic.length);
  }, 120_000);

  it("keeps the site down finding single across cycles and never turns it into report-missing", async () => {
    const json = await cycle();
    const dead = json.bureaus.find((b) => b.id === "dead-tjj")!;
    expect(dead.findings.map((f) => f.rule)).toEqual(["site-unreachable"]);
    expect(json.totals.parsed).toBe(0);
  }, 120_000);
});
