import { describe, expect, it } from "vitest";
import { nextCoverage, toCoverage } from "../../../shared/store/coverage-store.ts";

const partial = {
  crawl: "partial" as const,
  judged: true,
  pendingYears: [2025],
  unjudgedYears: [2022],
  errors: ["report http://a.gov.cn/2022.html: HTTP 404"],
};

describe("a bureau's coverage", () => {
  it("is new the first time, and keeps its `since` while nothing else changes", () => {
    const first = nextCoverage(undefined, partial, "2026-03-02T00:00:00.000Z");
    expect(first).toEqual({ changed: true, coverage: { ...partial, since: "2026-03-02T00:00:00.000Z" } });
    const again = nextCoverage(first.coverage, partial, "2026-03-09T00:00:00.000Z");
    expect(again).toEqual({ changed: false, coverage: first.coverage });
    const fixed = nextCoverage(
      first.coverage,
      { ...partial, crawl: "ok", unjudgedYears: [], errors: [] },
      "2026-03-16T00:00:00.000Z",
    );
    expect(fixed.changed).toBe(true);
    expect(fixed.coverage).toMatchObject({
      crawl: "ok",
      unjudgedYears: [],
      since: "2026-03-16T00:00:00.000Z",
    });
  });

  it("keeps the first five errors, each cut to a short line", () => {
    const errors = Array.from({ length: 9 }, (_, i) => `error ${i} ${"x".repeat(i === 0 ? 1000 : 10)}`);
    const { coverage } = nextCoverage(undefined, { ...partial, errors }, "2026-03-02T00:00:00.000Z");
    expect(coverage.errors).toHaveLength(5);
    expect(coverage.errors[0]).toHaveLength(300);
    expect(coverage.errors[0]?.endsWith("…")).toBe(true);
    expect(coverage.errors[1]).toBe(errors[1]);
  });

  it("reads back what was stored, and a damaged item as a plain value", () => {
    const stored = { PK: "BUREAU#x", SK: "COVERAGE", kind: "coverage", ...partial, since: "s" };
    expect(toCoverage(stored)).toEqual({ ...partial, since: "s" });
    expect(toCoverage({ crawl: "weird" })).toEqual({
      crawl: "ok",
      judged: false,
      pendingYears: [],
      unjudgedYears: [],
      errors: [],
      since: "",
    });
  });
});
