// The human summary `npm start` prints: a bureau's dead report links are shown under it, before any error.
import { describe, expect, it } from "vitest";
import { type BureauOutcome, emptyStats } from "../../../shared/cycle/process-bureau.ts";
import { formatSummary } from "../../../shared/cycle/summary.ts";

function outcome(id: string, extra: Partial<BureauOutcome>, deadLinks: BureauOutcome["stats"]["deadLinks"]) {
  return {
    id,
    status: "ok",
    reports: [],
    findings: [],
    errors: [],
    stats: { ...emptyStats(), deadLinks },
    ...extra,
  } as BureauOutcome;
}

const result = {
  bureaus: [
    outcome("dead", {}, [
      { url: "http://a.gov.cn/nb/2023.html", status: 404, year: 2023 },
      { url: "http://a.gov.cn/nb/2022.html", status: 200, softNotFound: true },
    ]),
    outcome("failing", { status: "partial", errors: ["report http://b.gov.cn/x.html: HTTP 503"] }, []),
    outcome(
      "broken",
      {
        findings: [
          { rule: "table-arithmetic", severity: "error", year: 2023 },
          { rule: "table-arithmetic", severity: "error", year: 2023 },
          { rule: "late-publication", severity: "error", year: 2022 },
          { rule: "table-not-extractable", severity: "warning", year: 2021 },
        ] as BureauOutcome["findings"],
      },
      [],
    ),
  ],
  mail: { sent: 0, failed: 0, skipped: 0, errors: [] },
  startedAt: "2026-12-06T00:00:00.000Z",
  finishedAt: "2026-12-06T00:00:01.000Z",
};
const registry = { offices: [], bureaus: [] } as never;
const where = { today: "2026-12-06", dataDir: ".data", outboxDir: ".data/outbox" };

describe("the cycle summary", () => {
  it("shows each dead link under its bureau, with the answer it got", () => {
    const lines = formatSummary(result, registry, where).split("\n");
    const at = lines.findIndex((l) => l.trimStart().startsWith("dead "));
    expect(lines[at]).toMatch(/^\s+dead\s+ok\b/);
    expect(lines[at + 1]).toMatch(/! dead link http:\/\/a\.gov\.cn\/nb\/2023\.html \(HTTP 404\)$/);
    expect(lines[at + 2]).toMatch(
      /! dead link http:\/\/a\.gov\.cn\/nb\/2022\.html \(a "page not found" page\)$/,
    );
    expect(lines.find((l) => l.includes("! report http://b.gov.cn/x.html"))).toBeDefined();
  });

  it("counts a bureau's errors of one rule and year once, with how many", () => {
    const line = formatSummary(result, registry, where)
      .split("\n")
      .find((l) => l.trimStart().startsWith("broken "));
    expect(line).toContain("errors: table-arithmetic 2023 ×2, late-publication 2022  ");
  });
});
