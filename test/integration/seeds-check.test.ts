// SPEC §8: the five real seed pages, read by the real reader and checked by the real rules.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../shared/cli/check-command.ts";
import type { Finding } from "../../shared/domain/finding.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { runChecks } from "../../shared/rules/run-checks.ts";

const seedsDir = resolve(fileURLToPath(new URL("../..", import.meta.url)), "../shared/seeds");
const seedPath = (prefix: string) => {
  const name = readdirSync(seedsDir).find((file) => file.startsWith(`${prefix}_`));
  if (!name) throw new Error(`seed ${prefix} not found in ${seedsDir}`);
  return join(seedsDir, name);
};

/** As the monitor sees a registry bureau's page: the registry says it is a department (all five are 统计局). */
async function check(prefix: string) {
  const bytes = new Uint8Array(readFileSync(seedPath(prefix)));
  const report = await readReport({ bytes, contentType: "text/plain", agencyType: "department" });
  const findings = runChecks(report, { agencyType: "department", today: "2026-01-01" });
  return { report, findings, rules: findings.map((f) => f.rule) };
}

const keysOf = (findings: Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => f.key);

describe("seeds (SPEC §8)", () => {
  it("000 广州市统计局 2022: due 2023-01-31, date unknown, tables not extractable, narrative consistent", async () => {
    const { report, findings, rules } = await check("000");
    expect(report.year).toBe(2022);
    expect(findings.find((f) => f.rule === "publication-date-unknown")?.evidence.deadline).toBe("2023-01-31");
    expect(keysOf(findings, "table-not-extractable").sort()).toEqual([
      "table.proactive",
      "table.requests",
      "table.review",
    ]);
    for (const rule of ["section-missing", "table-arithmetic", "text-table-mismatch", "late-publication"]) {
      expect(rules).not.toContain(rule);
    }
  });

  it("001 滨江区统计局 2022: tables read and all relations hold", async () => {
    const { report, findings, rules } = await check("001");
    expect(report.year).toBe(2022);
    expect(report.tables.requests).not.toBeNull();
    expect(report.tables.review).not.toBeNull();
    expect(findings.find((f) => f.rule === "publication-date-unknown")?.evidence.deadline).toBe("2023-01-31");
    for (const rule of [
      "section-missing",
      "table-arithmetic",
      "table-not-extractable",
      "text-table-mismatch",
    ]) {
      expect(rules).not.toContain(rule);
    }
  });

  it("002 泸州市统计局 2017: 2008 regime, due 2018-03-31, all Art. 32 topics, narrative arithmetic passes", async () => {
    const { report, findings, rules } = await check("002");
    expect(report.year).toBe(2017);
    const unknown = findings.find((f) => f.rule === "publication-date-unknown");
    expect(unknown?.evidence).toMatchObject({ deadline: "2018-03-31", regime: "2008" });
    for (const rule of [
      "section-missing",
      "table-arithmetic",
      "text-table-mismatch",
      "table-not-extractable",
    ]) {
      expect(rules).not.toContain(rule);
    }
  });

  it("003 樟树市统计局 work plan: only not-annual-report", async () => {
    const { rules } = await check("003");
    expect(rules).toEqual(["not-annual-report"]);
  });

  it("004 句容市统计局 2020: due 2021-01-31, tables not extractable, intro/structure mismatch, 无 is fine", async () => {
    const { report, findings, rules } = await check("004");
    expect(report.year).toBe(2020);
    expect(findings.find((f) => f.rule === "publication-date-unknown")?.evidence.deadline).toBe("2021-01-31");
    expect(keysOf(findings, "table-not-extractable").sort()).toEqual([
      "table.proactive",
      "table.requests",
      "table.review",
    ]);
    expect(rules).toContain("intro-structure-mismatch");
    for (const rule of ["section-missing", "section-empty", "section-order", "table-arithmetic"]) {
      expect(rules).not.toContain(rule);
    }
  });

  it("the check command reads a seed file end to end", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), isTTY: false };
    expect(await runCheck([seedPath("001"), "--json", "--agency-type", "department"], io)).toBe(0);
    expect(err).toEqual([]);
    const json = JSON.parse(out.join(""));
    expect(json.document).toMatchObject({ kind: "annual-report", year: 2022, agencyType: "department" });
    expect(json.tables.requests.newReceived.total).toBe(0);
    expect(json.findings.map((f: { rule: string }) => f.rule)).not.toContain("table-arithmetic");
  });
});
