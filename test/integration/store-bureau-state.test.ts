// One query of a bureau's partition gives the cycle everything it needs; syncs keep it current.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../shared/domain/finding.ts";
import { openFindings, type ReportVersionInput } from "../../shared/store/repository.ts";
import { NANJING_TJJ } from "../support/nanjing.ts";
import { useStoreTables } from "./helpers/store-tables.ts";

const store = useStoreTables("bureaustate");

const finding = (key: string, message = `问题 ${key}`): Finding => ({
  rule: "table-arithmetic",
  severity: "error",
  message,
  evidence: { table: "requests", row: key },
  key,
  year: 2023,
});
const base = { bureauId: "nj-tjj", officeId: "nj-zwgk", year: 2023 };

const version: ReportVersionInput = {
  bureauId: "nj-tjj",
  year: 2023,
  sha256: "a".repeat(64),
  url: "https://tjj.nanjing.gov.cn/2023.html",
  fetchedAt: "2024-01-20T00:00:00.000Z",
  snapshotKey: "a".repeat(64),
  summary: {
    kind: "annual-report",
    format: "2021",
    year: 2023,
    tables: {
      proactive: null,
      requests: null,
      review: {
        review: { upheld: { value: 0, raw: "0", kind: "number" } },
        litigationDirect: {},
        litigationAfterReview: {},
      },
    },
  },
};

describe("loadBureauState", () => {
  it("returns findings, report versions and missing streaks of the bureau in one query", async () => {
    await store.repo.syncFindings({
      ...base,
      scope: "doc:a",
      findings: [finding("x"), finding("y")],
      seenAt: "t1",
    });
    await store.repo.putReportVersion(version);
    await store.repo.putMissingStreak("nj-tjj", 2022, { count: 1, lastCycle: "t1" });
    await store.repo.putBureau({ ...NANJING_TJJ, listings: ["https://tjj.nanjing.gov.cn/zwgk/"] });

    store.counting.requests.length = 0;
    const state = await store.repo.loadBureauState("nj-tjj");
    expect(store.counting.requests).toEqual(["QueryCommand"]);
    expect(openFindings(state.findings)).toEqual(
      await store.repo.findingsByBureau("nj-tjj", { status: "open" }),
    );
    expect(state.reports).toEqual(await store.repo.getReportVersions("nj-tjj"));
    expect(state.reports[0]?.summary).toEqual(version.summary);
    expect(state.missingStreaks).toEqual(new Map([[2022, { count: 1, lastCycle: "t1" }]]));
  });

  it("still reads versions stored before, with the summary as a nested map or as JSON text", async () => {
    const { summary, ...fields } = version;
    for (const [sha, stored] of [
      ["b", summary],
      ["c", JSON.stringify(summary)],
    ] as const) {
      await store.dynamo.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: {
            PK: "BUREAU#nj-tjj",
            SK: `REPORT#2023#${sha.repeat(64)}`,
            kind: "report",
            ...fields,
            sha256: sha.repeat(64),
            summary: stored,
            firstSeen: fields.fetchedAt,
          },
        }),
      );
    }
    const { reports } = await store.repo.loadBureauState("nj-tjj");
    expect(reports.map((r) => r.summary)).toEqual([summary, summary]);
    expect(await store.repo.putReportVersion({ ...version, sha256: "b".repeat(64) })).toEqual({
      created: false,
    });
  });

  it("a putReportVersion checked against the versions just read costs no read", async () => {
    const { reports } = await store.repo.loadBureauState("nj-tjj");
    store.counting.requests.length = 0;
    expect(await store.repo.putReportVersion(version, reports)).toEqual({ created: true });
    expect(store.counting.requests).toEqual(["PutCommand"]);
    store.counting.requests.length = 0;
    const again = await store.repo.loadBureauState("nj-tjj");
    expect(await store.repo.putReportVersion({ ...version, fetchedAt: "later" }, again.reports)).toEqual({
      created: false,
    });
    expect(store.counting.requests).toEqual(["QueryCommand"]);
    expect((await store.repo.getReportVersions("nj-tjj"))[0]?.firstSeen).toBe(version.fetchedAt);
  });

  it("writes a cycle's new versions in one request per 25, and the versions just read see each at once", async () => {
    await store.repo.putReportVersion(version);
    const { reports } = await store.repo.loadBureauState("nj-tjj");
    store.counting.requests.length = 0;
    const batch = store.repo.reportVersionBatch(reports);
    const fresh = Array.from({ length: 30 }, (_, i) => ({
      ...version,
      year: 2000 + i,
      sha256: i.toString(16).padStart(64, "0"),
      url: `https://tjj.nanjing.gov.cn/${2000 + i}.html`,
      fetchedAt: `2024-02-${String((i % 28) + 1).padStart(2, "0")}T00:00:00.000Z`,
    }));
    expect(fresh.map((v) => batch.add(v))).toEqual(fresh.map(() => "created"));
    expect(batch.add({ ...version, fetchedAt: "later" })).toBe("known");
    expect(batch.add(fresh[0]!)).toBe("known");
    // Visible to the next report's checks before anything is written.
    expect(reports).toHaveLength(31);
    expect(store.counting.requests).toEqual([]);
    await batch.flush();
    expect(store.counting.requests).toEqual(["BatchWriteCommand", "BatchWriteCommand"]);
    const again = await store.repo.loadBureauState("nj-tjj");
    const byYear = (list: typeof reports) => [...list].sort((a, b) => a.year - b.year);
    expect(byYear(again.reports)).toEqual(byYear(reports));
    expect(again.reports.find((v) => v.year === 2000)).toMatchObject({
      firstSeen: "2024-02-01T00:00:00.000Z",
      summary: version.summary,
    });
    store.counting.requests.length = 0;
    await store.repo.reportVersionBatch(again.reports).flush();
    expect(store.counting.requests).toEqual([]);
  });

  it("a batch moves a stored version to its new URL with one update, and a new one without any", async () => {
    await store.repo.putReportVersion(version);
    const { reports } = await store.repo.loadBureauState("nj-tjj");
    const batch = store.repo.reportVersionBatch(reports);
    const other = {
      ...version,
      year: 2022,
      sha256: "c".repeat(64),
      url: "https://tjj.nanjing.gov.cn/2022.html",
      fetchedAt: "2024-02-01T00:00:00.000Z",
    };
    expect(batch.add(other)).toBe("created");
    expect(batch.add({ ...other, url: "https://tjj.nanjing.gov.cn/new/2022.html" })).toBe("relocated");
    expect(batch.add({ ...version, url: "https://tjj.nanjing.gov.cn/new/2023.html" })).toBe("relocated");
    store.counting.requests.length = 0;
    await batch.flush();
    expect(store.counting.requests).toEqual(["BatchWriteCommand", "UpdateCommand"]);
    const stored = await store.repo.getReportVersions("nj-tjj");
    expect(stored.map((v) => [v.year, v.url, v.firstSeen])).toEqual([
      [2023, "https://tjj.nanjing.gov.cn/new/2023.html", version.fetchedAt],
      [2022, "https://tjj.nanjing.gov.cn/new/2022.html", other.fetchedAt],
    ]);
  });

  it("moves a stored version to the URL its bytes are found at now, once, and keeps its first sighting", async () => {
    await store.repo.putReportVersion(version);
    const { reports } = await store.repo.loadBureauState("nj-tjj");
    const moved = { ...version, url: "https://tjj.nanjing.gov.cn/new/2023.html", fetchedAt: "later" };
    store.counting.requests.length = 0;
    expect(await store.repo.putReportVersion(moved, reports)).toEqual({ created: false, relocated: true });
    expect(await store.repo.putReportVersion(moved, reports)).toEqual({ created: false });
    expect(store.counting.requests).toEqual(["UpdateCommand"]);
    const [stored] = await store.repo.getReportVersions("nj-tjj");
    expect(stored).toMatchObject({ url: moved.url, firstSeen: version.fetchedAt });
  });
});

describe("syncFindings with the bureau's known findings", () => {
  it("reads nothing, and keeps the map equal to what the table holds through create, update, resolve", async () => {
    const { findings: known } = await store.repo.loadBureauState("nj-tjj");
    store.counting.requests.length = 0;
    const sync = (scope: string, list: Finding[], seenAt: string) =>
      store.repo.syncFindings({ ...base, scope, findings: list, seenAt }, known);

    expect(await sync("doc:a", [finding("x"), finding("y")], "t1")).toMatchObject({ created: 2, alerts: 2 });
    // Another scope reporting the same problem finds it open (no second alert).
    expect(await sync("doc:b", [finding("x")], "t1")).toMatchObject({ created: 0, unchanged: 1, alerts: 0 });
    expect(await sync("doc:a", [finding("x", "改了")], "t2")).toMatchObject({ updated: 1, resolved: 1 });
    // A scope that replaces another (the report moved) takes the finding over, again without an alert.
    // A resolved finding found again by another source is that source's now.
    expect(await sync("doc:c", [finding("y")], "t2")).toMatchObject({ reopened: 1 });
    expect(known.get([...known.keys()].find((sk) => sk.endsWith("#y"))!)?.finding.scope).toBe("doc:c");
    expect(await sync("doc:c", [], "t2")).toMatchObject({ resolved: 1 });
    const moved = await store.repo.syncFindings(
      {
        ...base,
        scope: "doc:a2",
        findings: [finding("x", "改了")],
        seenAt: "t3",
        adopts: (s) => s === "doc:a",
      },
      known,
    );
    expect(moved).toMatchObject({ created: 0, updated: 1, alerts: 0 });
    expect(store.counting.requests.filter((r) => r === "QueryCommand")).toEqual([]);

    const table = await store.repo.loadBureauState("nj-tjj");
    expect(known).toEqual(table.findings);
    expect(openFindings(known).map((f) => [f.key, f.message, f.scope])).toEqual([["x", "改了", "doc:a2"]]);
  });

  it("re-reads the year after a lost race, so the map follows the table", async () => {
    const { findings: stale } = await store.repo.loadBureauState("nj-tjj");
    // Another run creates the finding after our read.
    await store.repo.syncFindings({ ...base, scope: "doc:a", findings: [finding("x")], seenAt: "t1" });
    const result = await store.repo.syncFindings(
      { ...base, scope: "doc:a", findings: [finding("x")], seenAt: "t1" },
      stale,
    );
    expect(result).toMatchObject({ created: 0, alerts: 0 });
    expect((await store.repo.listPending()).length).toBe(1);
    expect(stale).toEqual((await store.repo.loadBureauState("nj-tjj")).findings);
  });
});
