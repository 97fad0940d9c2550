// Reports that are there but cannot be read are never called missing (DESIGN §7), cycle after cycle, over
// the local stack (real HTTP, dynalite): a corrupt file, a report printed as images. A dead link is
// different: the report is not there for anyone, so its year is missing, with the link as evidence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import { startLocalStack } from "../../infra/local/stack.ts";
import { sampleBureauCycles } from "../support/local-cycle.ts";

const BUREAU = "jr-tjj";
const truth = SAMPLE_GROUND_TRUTH.bureaus.find((b) => b.bureauId === BUREAU)!;
const reports = truth.documents
  .filter((d) => d.kind === "annual-report" && !d.duplicateOf)
  .sort((a, b) => b.year - a.year);
const latest = reports[0]!;
// An older report still inside the years report-missing looks back over.
const older = reports.find((d) => d.year === latest.year - 3)!;
const TITLE = `句容市统计局${latest.year}年政府信息公开工作年度报告`;

type Cycles = ReturnType<typeof sampleBureauCycles>;
const fileOf = (cycles: Cycles, url: string) => {
  const u = new URL(url);
  return { host: cycles.files[u.host]!, path: u.pathname };
};
const rulesOf = (bureau: { findings: { rule: string; year: number | null }[] }, year: number) =>
  bureau.findings
    .filter((f) => f.year === year)
    .map((f) => f.rule)
    .sort();

describe("a report whose file cannot be opened", () => {
  const cycles = sampleBureauCycles(BUREAU);
  const { host, path } = fileOf(cycles, latest.url);
  const original = host[path]!;
  beforeAll(async () => {
    host[path] = {
      ...original,
      contentType: "application/pdf",
      body: new TextEncoder().encode("%PDF-1.7\n1 0 obj"),
    };
    await cycles.start();
  });
  afterAll(() => cycles.stop());

  it("is said to be unreadable every cycle and never called missing; read once it can be", async () => {
    for (let cycle = 0; cycle < 3; cycle++) {
      const { bureau } = await cycles.cycle();
      expect(bureau.errors).toEqual([expect.stringContaining(`${latest.url}: 无法读取PDF文档`)]);
      expect(bureau.missing).toEqual({ judged: true, pending: [], unjudged: [latest.year], deadLinks: [] });
      expect(bureau.findings.filter((f) => f.rule === "report-missing")).toEqual([]);
      expect(bureau.reports.map((r) => r.year)).not.toContain(latest.year);
    }
    host[path] = original;
    const { bureau } = await cycles.cycle();
    expect(bureau.errors).toEqual([]);
    expect(bureau.reports.map((r) => r.year)).toContain(latest.year);
  }, 120_000);
});

describe("a report printed as images", () => {
  const cycles = sampleBureauCycles(BUREAU);
  const { host, path } = fileOf(cycles, latest.url);
  beforeAll(async () => {
    const pictures = Array.from({ length: 6 }, (_, i) => `<p><img src="/u/p${i}.jpg"></p>`).join("");
    host[path] = {
      ...host[path]!,
      body: new TextEncoder().encode(
        `<!doctype html><html><head><meta charset="utf-8"><title>${TITLE}</title></head><body><h1>${TITLE}</h1><p>发布日期：2026-01-14</p>${pictures}</body></html>`,
      ),
    };
    await cycles.start();
  });
  afterAll(() => cycles.stop());

  it("is that year's report, with tables that cannot be read and no section called missing", async () => {
    for (let cycle = 0; cycle < 2; cycle++) {
      const { bureau } = await cycles.cycle();
      expect(rulesOf(bureau, latest.year)).toEqual([
        "table-not-extractable",
        "table-not-extractable",
        "table-not-extractable",
      ]);
      expect(bureau.reports.map((r) => r.year)).toContain(latest.year);
    }
  }, 120_000);
});

describe("a dead link to an old report", () => {
  const cycles = sampleBureauCycles(BUREAU);
  beforeAll(async () => {
    const old = fileOf(cycles, older.url);
    delete old.host[old.path];
    // This year's report is not published: its link leaves every listing copy.
    const slug = new URL(latest.url).pathname;
    for (const [filePath, file] of Object.entries(old.host)) {
      if (!file.contentType.includes("html")) continue;
      const html = new TextDecoder().decode(file.body);
      if (!html.includes(slug) || filePath === slug) continue;
      const kept = html.split("\n").filter((line) => !line.includes(slug));
      old.host[filePath] = { ...file, body: new TextEncoder().encode(kept.join("\n")) };
    }
    await cycles.start();
  });
  afterAll(() => cycles.stop());

  it("finds that year missing too, naming the link, and stores the coverage once", async () => {
    const first = await cycles.cycle();
    // Every page answered: the bureau was checked in full, the dead link is the finding's evidence.
    expect(first.bureau.status).toBe("ok");
    expect(first.bureau.errors).toEqual([]);
    expect(first.bureau.findings.filter((f) => f.rule === "report-missing")).toEqual([]);
    expect(first.bureau.missing).toEqual({
      judged: true,
      pending: [older.year, latest.year],
      unjudged: [],
      deadLinks: [expect.objectContaining({ url: older.url, status: 404, year: older.year })],
    });

    const firstCoverage = await storedCoverage();
    // So the digest does not list it among the bureaus it could not check in full.
    expect(firstCoverage).toMatchObject({
      crawl: "ok",
      judged: true,
      pendingYears: [older.year, latest.year],
      unjudgedYears: [],
      errors: [],
    });

    const second = await cycles.cycle();
    const missing = second.bureau.findings.filter((f) => f.rule === "report-missing");
    expect(missing.map((f) => f.year)).toEqual([older.year, latest.year]);
    const stored = await storedMissing();
    const dead = stored.find((f) => f.year === older.year)!;
    expect(dead.evidence.deadLinks).toEqual([
      expect.objectContaining({ url: older.url, status: 404, year: older.year }),
    ]);
    expect(dead.message).toContain(`${older.url}无法打开（HTTP 404）`);
    // This year's report is simply not listed: no link of its own to blame.
    const unlisted = stored.find((f) => f.year === latest.year)!;
    expect(unlisted.evidence.deadLinks).toBeUndefined();
    expect(unlisted.message).toContain("未找到该报告");
    const secondCoverage = await storedCoverage();
    expect(secondCoverage).toMatchObject({ pendingYears: [], unjudgedYears: [] });
    expect(secondCoverage?.since).not.toBe(firstCoverage?.since);
    // A cycle that finds the same is not written again.
    await cycles.cycle();
    expect(await storedCoverage()).toEqual(secondCoverage);
  }, 120_000);

  async function storedMissing() {
    const stack = await startLocalStack({ dataDir: cycles.dataDir });
    try {
      const findings = await stack.repo.findingsByBureau(BUREAU, { status: "open" });
      return findings.filter((f) => f.rule === "report-missing");
    } finally {
      await stack.stop();
    }
  }

  async function storedCoverage() {
    const stack = await startLocalStack({ dataDir: cycles.dataDir });
    try {
      return await stack.repo.getCoverage(BUREAU);
    } finally {
      await stack.stop();
    }
  }
});
