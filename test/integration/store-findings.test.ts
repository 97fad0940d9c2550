import { beforeEach, describe, expect, it } from "vitest";
import type { Finding } from "../../shared/domain/finding.ts";
import { useStoreTables } from "./helpers/store-tables.ts";

const store = useStoreTables("findings");

const arithmetic: Finding = {
  rule: "table-arithmetic",
  severity: "error",
  message: "表三“总计”列与各列之和不符",
  evidence: {
    table: "requests",
    relation: "row-total",
    row: "newReceived",
    column: "total",
    expected: 12,
    actual: 13,
  },
  key: "requests.newReceived.total.row-total",
  year: 2023,
};
const emptySection: Finding = {
  rule: "section-empty",
  severity: "warning",
  message: "“五、存在的主要问题及改进情况”内容为空",
  evidence: { section: "problems" },
  key: "problems",
  year: 2023,
};
const base = { bureauId: "nj-tjj", officeId: "nj-zwgk", year: 2023, scope: "report" };

describe("syncFindings", () => {
  it("creates new findings open, and an alert only for errors", async () => {
    const result = await store.repo.syncFindings({
      ...base,
      findings: [arithmetic, emptySection],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
    expect(result).toMatchObject({ created: 2, resolved: 0, unchanged: 0, alerts: 1 });
    const stored = await store.repo.findingsByBureau("nj-tjj");
    expect(stored.map((f) => [f.rule, f.status, f.firstSeen, f.occurrence]).sort()).toEqual([
      ["section-empty", "open", "2024-02-01T00:00:00.000Z", 1],
      ["table-arithmetic", "open", "2024-02-01T00:00:00.000Z", 1],
    ]);
    const pending = await store.repo.listPending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      officeId: "nj-zwgk",
      bureauId: "nj-tjj",
      rule: "table-arithmetic",
      status: "pending",
    });
  });

  it("writes nothing at all when the same findings are synced again", async () => {
    await store.repo.syncFindings({
      ...base,
      findings: [arithmetic, emptySection],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
    store.counting.writes.length = 0;
    const again = await store.repo.syncFindings({
      ...base,
      findings: [emptySection, arithmetic],
      seenAt: "2024-02-02T00:00:00.000Z",
    });
    expect(again).toMatchObject({ created: 0, resolved: 0, unchanged: 2, alerts: 0 });
    expect(store.counting.writes).toEqual([]);
    expect(await store.repo.listPending()).toHaveLength(1);
  });

  it("never loses or duplicates the alert when the run crashes between alert and finding", async () => {
    store.counting.beforeWrite = (_command, input) => {
      const item = input.Item as Record<string, unknown> | undefined;
      if (item?.kind === "finding") throw new Error("simulated crash");
    };
    await expect(
      store.repo.syncFindings({ ...base, findings: [arithmetic], seenAt: "2024-02-01T00:00:00.000Z" }),
    ).rejects.toThrow("simulated crash");
    expect(await store.repo.listPending()).toHaveLength(1);
    expect(await store.repo.findingsByBureau("nj-tjj")).toHaveLength(0);

    store.counting.beforeWrite = undefined;
    const retry = await store.repo.syncFindings({
      ...base,
      findings: [arithmetic],
      seenAt: "2024-02-01T01:00:00.000Z",
    });
    expect(retry).toMatchObject({ created: 1, alerts: 0 });
    expect(await store.repo.listPending()).toHaveLength(1);
    expect(await store.repo.findingsByBureau("nj-tjj")).toHaveLength(1);
  });

  it("resolves a finding that disappeared from its scope, and leaves other scopes alone", async () => {
    const late: Finding = {
      rule: "late-publication",
      severity: "error",
      message: "逾期发布",
      evidence: { deadline: "2024-01-31", publishedAt: "2024-02-05" },
      key: "late",
      year: 2023,
    };
    await store.repo.syncFindings({
      ...base,
      findings: [arithmetic, emptySection],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
    await store.repo.syncFindings({
      ...base,
      scope: "deadline",
      findings: [late],
      seenAt: "2024-02-01T00:00:00.000Z",
    });

    const result = await store.repo.syncFindings({
      ...base,
      findings: [emptySection],
      seenAt: "2024-03-01T00:00:00.000Z",
    });
    expect(result).toMatchObject({ created: 0, resolved: 1, unchanged: 1 });
    const byRule = Object.fromEntries((await store.repo.findingsByBureau("nj-tjj")).map((f) => [f.rule, f]));
    expect(byRule["table-arithmetic"]).toMatchObject({
      status: "resolved",
      resolvedAt: "2024-03-01T00:00:00.000Z",
    });
    expect(byRule["late-publication"]?.status).toBe("open");
    expect(byRule["section-empty"]?.status).toBe("open");
    expect(await store.repo.findingsByOffice("nj-zwgk", { status: "resolved" })).toHaveLength(1);

    store.counting.writes.length = 0;
    await store.repo.syncFindings({ ...base, findings: [emptySection], seenAt: "2024-03-02T00:00:00.000Z" });
    expect(store.counting.writes).toEqual([]);
  });

  it("reopens a resolved finding that comes back, with exactly one new alert", async () => {
    await store.repo.syncFindings({ ...base, findings: [arithmetic], seenAt: "2024-02-01T00:00:00.000Z" });
    await store.repo.syncFindings({ ...base, findings: [], seenAt: "2024-03-01T00:00:00.000Z" });
    const back = await store.repo.syncFindings({
      ...base,
      findings: [arithmetic],
      seenAt: "2024-04-01T00:00:00.000Z",
    });
    expect(back).toMatchObject({ reopened: 1, alerts: 1 });
    await store.repo.syncFindings({ ...base, findings: [arithmetic], seenAt: "2024-04-02T00:00:00.000Z" });
    const [finding] = await store.repo.findingsByBureau("nj-tjj");
    expect(finding).toMatchObject({ status: "open", occurrence: 2, firstSeen: "2024-02-01T00:00:00.000Z" });
    expect(finding?.resolvedAt).toBeUndefined();
    expect((await store.repo.listPending()).map((a) => a.occurrence).sort()).toEqual([1, 2]);
  });

  it("rewrites a finding whose evidence changed, without a second alert", async () => {
    await store.repo.syncFindings({ ...base, findings: [arithmetic], seenAt: "2024-02-01T00:00:00.000Z" });
    const changed = { ...arithmetic, evidence: { ...arithmetic.evidence, actual: 14 } };
    const result = await store.repo.syncFindings({
      ...base,
      findings: [changed],
      seenAt: "2024-02-02T00:00:00.000Z",
    });
    expect(result).toMatchObject({ updated: 1, created: 0, alerts: 0 });
    const [finding] = await store.repo.findingsByBureau("nj-tjj");
    expect(finding?.evidence.actual).toBe(14);
    expect(finding?.lastSeen).toBe("2024-02-02T00:00:00.000Z");
    expect(await store.repo.listPending()).toHaveLength(1);
  });
});

describe("finding queries", () => {
  beforeEach(async () => {
    await store.repo.syncFindings({
      ...base,
      findings: [arithmetic, emptySection],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
    await store.repo.syncFindings({
      ...base,
      year: 2022,
      findings: [{ ...arithmetic, year: 2022 }],
      seenAt: "2023-02-01T00:00:00.000Z",
    });
    await store.repo.syncFindings({
      ...base,
      bureauId: "nj-jyj",
      officeId: "sz-zwgk",
      findings: [arithmetic],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
  });

  it("by office, with status, severity and year filters", async () => {
    expect(await store.repo.findingsByOffice("nj-zwgk")).toHaveLength(3);
    expect(await store.repo.findingsByOffice("nj-zwgk", { status: "open", severity: "error" })).toHaveLength(
      2,
    );
    const only2022 = await store.repo.findingsByOffice("nj-zwgk", { year: 2022 });
    expect(only2022.map((f) => [f.year, f.rule])).toEqual([[2022, "table-arithmetic"]]);
    expect(await store.repo.findingsByOffice("nj-zwgk", { status: "resolved" })).toEqual([]);
  });

  it("by rule, by year and by bureau", async () => {
    const byRule = await store.repo.findingsByRule("table-arithmetic", { year: 2023 });
    expect(byRule.map((f) => f.bureauId).sort()).toEqual(["nj-jyj", "nj-tjj"]);
    const byYear = await store.repo.findingsByYear(2023, { severity: "warning" });
    expect(byYear.map((f) => f.rule)).toEqual(["section-empty"]);
    expect(await store.repo.findingsByBureau("nj-tjj", { year: 2022 })).toHaveLength(1);
    expect(await store.repo.findingsByBureau("nj-jyj")).toHaveLength(1);
  });
});

describe("moveFindings", () => {
  it("files a bureau's findings, open and resolved, under the office that now supervises it", async () => {
    await store.repo.syncFindings({
      ...base,
      findings: [arithmetic, emptySection],
      seenAt: "2024-02-01T00:00:00.000Z",
    });
    await store.repo.syncFindings({ ...base, findings: [arithmetic], seenAt: "2024-02-08T00:00:00.000Z" });
    const known = (await store.repo.loadBureauState("nj-tjj")).findings;

    expect(await store.repo.moveFindings("nj-tjj", "js-zwgk", known)).toBe(2);
    expect(await store.repo.findingsByOffice("nj-zwgk")).toEqual([]);
    const moved = await store.repo.findingsByOffice("js-zwgk");
    expect(moved.map((f) => [f.rule, f.status]).sort()).toEqual([
      ["section-empty", "resolved"],
      ["table-arithmetic", "open"],
    ]);
    expect([...known.values()].map((k) => k.finding.officeId)).toEqual(["js-zwgk", "js-zwgk"]);
    // The alert queued before the move still goes to the office that supervised the bureau then.
    expect((await store.repo.listPending()).map((a) => a.officeId)).toEqual(["nj-zwgk"]);

    // Nothing to move: nothing written; and a sync afterwards keeps the new office.
    const before = store.counting.writes.length;
    expect(await store.repo.moveFindings("nj-tjj", "js-zwgk", known)).toBe(0);
    expect(store.counting.writes).toHaveLength(before);
    await store.repo.syncFindings(
      {
        ...base,
        officeId: "js-zwgk",
        findings: [arithmetic, emptySection],
        seenAt: "2024-02-15T00:00:00.000Z",
      },
      known,
    );
    expect(
      (await store.repo.findingsByOffice("js-zwgk", { status: "open" })).map((f) => f.rule).sort(),
    ).toEqual(["section-empty", "table-arithmetic"]);
  });
});
