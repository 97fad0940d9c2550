// The walking skeleton end to end: sample sites over real HTTP → crawl → read → check → dynalite → outbox,
// measured against the sample sites' ground truth, then re-run to prove the cycle is idempotent.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalCycleRun, runLocalCycle } from "../../infra/local/local-cycle.ts";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import { type SampleSitesServer, startSampleSites } from "../../infra/local/sites/server.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";

const CORE = new Set(["late-publication", "table-arithmetic", "section-missing"]);

type Row = { bureau: string; rule: string; year?: number | null; detail: string };
const id = (r: Row) => `${r.bureau} ${r.rule} ${r.year ?? "-"} ${r.detail}`;

function detailOf(e: {
  table?: unknown;
  relation?: unknown;
  row?: unknown;
  column?: unknown;
  section?: unknown;
}) {
  return [e.table, e.relation, e.row, e.column, e.section].filter((v) => v !== undefined).join("/");
}

function expected(rules: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const b of SAMPLE_GROUND_TRUTH.bureaus) {
    for (const f of b.findings)
      if (rules.has(f.rule)) out.add(id({ bureau: b.bureauId, rule: f.rule, year: f.year, detail: "" }));
    for (const d of b.documents) {
      if (d.duplicateOf || d.robotsForbidden) continue;
      for (const f of d.findings)
        if (rules.has(f.rule))
          out.add(
            id({
              bureau: b.bureauId,
              rule: f.rule,
              year: f.year,
              detail: f.rule === "late-publication" ? "" : detailOf(f),
            }),
          );
    }
  }
  return out;
}

function actual(run: LocalCycleRun, rules: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const b of cycleJson(run.result).bureaus)
    for (const f of b.findings)
      if (rules.has(f.rule))
        out.add(
          id({
            bureau: b.id,
            rule: f.rule,
            year: f.year,
            detail: f.rule === "late-publication" || f.rule === "report-missing" ? "" : detailOf(f.evidence),
          }),
        );
  return out;
}

describe("one monitoring cycle on the embedded default", () => {
  let sites: SampleSitesServer;
  let dataDir: string;
  const runs: LocalCycleRun[] = [];
  const cycle = () =>
    runLocalCycle({
      registry: sites.registry,
      dataDir,
      today: SAMPLE_GROUND_TRUTH.today,
      minIntervalMs: 5,
      concurrency: 16,
      progress: false,
    });

  beforeAll(async () => {
    sites = await startSampleSites();
    dataDir = await mkdtemp(path.join(tmpdir(), "gdm-cycle-"));
    runs.push(await cycle());
  }, 180_000);

  afterAll(async () => {
    await sites?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("crawls every sample bureau and finds their reports", () => {
    const json = cycleJson(runs[0]!.result);
    expect(json.totals.bureaus).toBe(SAMPLE_GROUND_TRUTH.bureaus.length);
    expect(json.totals.unreachable).toBe(0);
    for (const b of SAMPLE_GROUND_TRUTH.bureaus) {
      const found = new Set(json.bureaus.find((x) => x.id === b.bureauId)!.reports.map((r) => r.year));
      const published = b.documents.filter(
        (d) => d.kind === "annual-report" && !d.robotsForbidden && !d.duplicateOf,
      );
      for (const d of published) expect(found, `${b.bureauId} ${d.year} (${d.url})`).toContain(d.year);
    }
  });

  it("matches the ground truth for the three core checks: no miss, no false alarm", () => {
    expect([...actual(runs[0]!, CORE)].sort()).toEqual([...expected(CORE)].sort());
  });

  it("never fetches what robots.txt forbids", () => {
    const urls = new Set(cycleJson(runs[0]!.result).bureaus.flatMap((b) => b.reports.map((r) => r.url)));
    for (const b of SAMPLE_GROUND_TRUTH.bureaus)
      for (const u of b.robotsDisallowed) expect(urls).not.toContain(u);
  });

  it("writes one alert per new error finding into the outbox", async () => {
    const json = cycleJson(runs[0]!.result);
    const errors = json.bureaus.flatMap((b) => b.findings.filter((f) => f.severity === "error"));
    expect(json.totals.alertsSent).toBe(errors.length);
    expect((await readdir(runs[0]!.outboxDir)).filter((f) => f.endsWith(".eml"))).toHaveLength(errors.length);
  });

  it("a second cycle re-reads nothing, keeps every finding, and confirms the missing reports", async () => {
    runs.push(await cycle());
    const [first, second] = [cycleJson(runs[0]!.result), cycleJson(runs[1]!.result)];
    expect(second.totals.parsed).toBe(0);
    const keep = (j: typeof first) =>
      j.bureaus
        .flatMap((b) =>
          b.findings
            .filter((f) => f.rule !== "report-missing")
            .map((f) => `${b.id} ${f.rule} ${f.year} ${f.message}`),
        )
        .sort();
    expect(keep(second)).toEqual(keep(first));
    const missing = new Set(["report-missing"]);
    expect([...actual(runs[1]!, missing)].sort()).toEqual([...expected(missing)].sort());
    expect(second.totals.alertsQueued).toBe(expected(missing).size);
  }, 180_000);

  it("a third cycle on unchanged sites changes nothing and sends no second alert", async () => {
    const before = (await readdir(runs[1]!.outboxDir)).length;
    const writes: string[] = [];
    const requests: string[] = [];
    const send = DynamoDBDocumentClient.prototype.send;
    const spy = vi.spyOn(DynamoDBDocumentClient.prototype, "send").mockImplementation(function (
      this: DynamoDBDocumentClient,
      command: unknown,
      ...rest: unknown[]
    ) {
      const name = (command as object).constructor.name;
      requests.push(name);
      if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(name)) writes.push(name);
      return (send as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof send);
    const logged = sites.requests.length;
    try {
      runs.push(await cycle());
    } finally {
      spy.mockRestore();
    }
    expect(writes).toEqual([]);
    // Reads too stay few: one query per bureau partition and per host partition, a handful per cycle.
    const bureaus = SAMPLE_GROUND_TRUTH.bureaus.length;
    expect(requests.length).toBeLessThanOrEqual(3 * bureaus);
    const reportUrls = new Set(
      SAMPLE_GROUND_TRUTH.bureaus.flatMap((b) =>
        b.documents.filter((d) => !d.robotsForbidden).flatMap((d) => [d.url, ...d.attachments]),
      ),
    );
    const reportFetches = sites.requests
      .slice(logged)
      .filter((r) => reportUrls.has(`http://${r.host}${r.path}`));
    expect(reportFetches.length).toBeGreaterThan(0);
    const notModified = reportFetches.filter((r) => r.status === 304).length;
    expect(notModified / reportFetches.length).toBeGreaterThanOrEqual(0.9);
    const [second, third] = [cycleJson(runs[1]!.result), cycleJson(runs[2]!.result)];
    expect(third.totals.findingsCreated).toBe(0);
    expect(third.totals.findingsResolved).toBe(0);
    expect(third.totals.alertsQueued).toBe(0);
    expect(third.bureaus.map((b) => b.findings)).toEqual(second.bureaus.map((b) => b.findings));
    expect((await readdir(runs[2]!.outboxDir)).length).toBe(before);
  }, 180_000);
});
