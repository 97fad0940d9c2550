// Real report pages change on every visit without their report changing: a view counter, the CMS's
// render time in a comment, a "today is" clock. Those bytes must not raise report-modified (a false
// alarm to the supervising office every cycle) nor store a new report version each time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalCycleRun } from "../../infra/local/local-cycle.ts";
import {
  createSampleSites,
  type SampleSitesServer,
  startSampleSites,
} from "../../infra/local/sites/server.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";
import { runTestCycle } from "../support/local-cycle.ts";
import { breakNewReceivedTotal } from "../support/report-edits.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "xy-sjj";
const page = cleanHtmlReport(BUREAU);

/** The page as its CMS renders it on the n-th visit: same report, new counter, clock and render stamp. */
function renderedVisit(html: string, visit: number): string {
  const chrome =
    `<div class="counter">浏览次数：${1000 + visit * 37}</div>` +
    `<div class="clock">今天是2026年11月${String(10 + visit).padStart(2, "0")}日</div>` +
    `<!-- page generated 2026-11-${String(10 + visit).padStart(2, "0")} 02:0${visit}:17 -->`;
  return html.replace(/<body([^>]*)>/i, (m) => `${m}${chrome}`);
}

describe("page chrome that changes on every visit", () => {
  const files = createSampleSites();
  let sites: SampleSitesServer;
  let dataDir: string;
  let registry: Registry;
  const url = new URL(page.url);
  const original = files[url.host]![url.pathname]!;
  const originalHtml = new TextDecoder().decode(original.body);
  const runs: LocalCycleRun[] = [];

  const cycle = async (visit: number) => {
    files[url.host]![url.pathname] = {
      ...original,
      body: new TextEncoder().encode(renderedVisit(originalHtml, visit)),
      // Dynamic pages answer with the time of the request, so validators never match either.
      lastModified: new Date(Date.parse(original.lastModified) + visit * 86_400_000).toUTCString(),
    };
    const run = await runTestCycle(registry, dataDir);
    runs.push(run);
    return cycleJson(run.result).bureaus.find((b) => b.id === BUREAU)!;
  };

  beforeAll(async () => {
    sites = await startSampleSites({ files });
    dataDir = await mkdtemp(path.join(tmpdir(), "gdm-chrome-"));
    registry = { ...sites.registry, bureaus: sites.registry.bureaus.filter((b) => b.id === BUREAU) };
  });

  /** The snapshot keys stored so far, sorted. */
  async function snapshotFiles(): Promise<string[]> {
    return new FileSnapshotStore(path.join(dataDir, "snapshots")).keys().sort();
  }

  afterAll(async () => {
    await sites?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("reads the page again but raises no report-modified and stores no new version or snapshot", async () => {
    const first = await cycle(1);
    expect(first.reports.some((r) => r.url === page.url)).toBe(true);
    const snapshotsAfterFirst = await snapshotFiles();
    const second = await cycle(2);
    const third = await cycle(3);
    // Bytes that read as the stored report are not kept: a re-rendering page adds no snapshot per cycle.
    expect(await snapshotFiles()).toEqual(snapshotsAfterFirst);
    for (const outcome of [second, third]) {
      expect(outcome.findings.filter((f) => f.rule === "report-modified")).toEqual([]);
      expect(outcome.findings).toEqual(first.findings);
    }
    expect(cycleJson(runs[1]!.result).totals.alertsQueued).toBe(0);
    expect(cycleJson(runs[2]!.result).totals.alertsQueued).toBe(0);

    const stack = await startLocalStack({ dataDir });
    try {
      const versions = await stack.repo.getReportVersions(BUREAU, page.year);
      expect(versions.filter((v) => v.url === page.url)).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  }, 180_000);

  it("still raises report-modified when the report itself changes under the same chrome", async () => {
    const before = await snapshotFiles();
    const changed = breakNewReceivedTotal(originalHtml);
    expect(changed).not.toBe(originalHtml);
    files[url.host]![url.pathname] = {
      ...original,
      body: new TextEncoder().encode(renderedVisit(changed, 4)),
    };
    const run = await runTestCycle(registry, dataDir);
    const outcome = cycleJson(run.result).bureaus.find((b) => b.id === BUREAU)!;
    const modified = outcome.findings.filter((f) => f.rule === "report-modified");
    expect(modified).toHaveLength(1);
    // Both sides of the change are kept, and the new bytes are the one snapshot added.
    const evidence = modified[0]!.evidence as { previousSnapshot: string; snapshot: string };
    const after = await snapshotFiles();
    expect(after).toEqual([...before, evidence.snapshot].sort());
    expect(after).toContain(evidence.previousSnapshot);
  }, 120_000);
});
