import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { startDynalite } from "../../infra/local/dynalite.ts";
import { stableStringify } from "../../shared/store/dynamo-helpers.ts";
import { createRepository, type ReportVersionInput } from "../../shared/store/repository.ts";
import { NANJING_TJJ } from "../support/nanjing.ts";
import { useStoreTables } from "./helpers/store-tables.ts";

const store = useStoreTables("reports");

const bureau = NANJING_TJJ;

function version(sha: string, fetchedAt: string): ReportVersionInput {
  return {
    bureauId: "nj-tjj",
    year: 2023,
    sha256: sha.repeat(64).slice(0, 64),
    url: "https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/2024/t20240117_1.html",
    fetchedAt,
    publishedAt: "2024-01-17",
    snapshotKey: sha.repeat(64).slice(0, 64),
    summary: {
      kind: "annual-report",
      format: "2021",
      title: "南京市统计局2023年政府信息公开工作年度报告",
      year: 2023,
      tables: {
        proactive: null,
        requests: null,
        review: {
          review: {
            upheld: { value: 0, raw: "0", kind: "number" },
            total: { value: null, raw: "/", kind: "na" },
          },
          litigationDirect: {},
          litigationAfterReview: {},
        },
      },
    },
  };
}

describe("report versions", () => {
  it("stores each content hash once and reports whether it created it", async () => {
    expect(await store.repo.putReportVersion(version("a", "2024-01-20T00:00:00.000Z"))).toEqual({
      created: true,
    });
    store.counting.writes.length = 0;
    expect(await store.repo.putReportVersion(version("a", "2024-01-21T00:00:00.000Z"))).toEqual({
      created: false,
    });
    expect(store.counting.writes).toEqual([]);
    const [stored] = await store.repo.getReportVersions("nj-tjj", 2023);
    expect(stored?.firstSeen).toBe("2024-01-20T00:00:00.000Z");
    expect(stored?.summary.tables.review?.review.total).toEqual({ value: null, raw: "/", kind: "na" });
  });

  it("the latest version is the last one first seen", async () => {
    await store.repo.putReportVersion(version("f", "2024-01-20T00:00:00.000Z"));
    await store.repo.putReportVersion(version("0", "2024-03-01T00:00:00.000Z"));
    await store.repo.putReportVersion({ ...version("9", "2023-01-20T00:00:00.000Z"), year: 2022 });
    expect((await store.repo.getReportVersions("nj-tjj")).map((v) => v.year)).toEqual([2022, 2023, 2023]);
    expect((await store.repo.getLatestReport("nj-tjj", 2023))?.sha256).toBe("0".repeat(64));
    expect(await store.repo.getLatestReport("nj-tjj", 2021)).toBeUndefined();
  });
});

describe("bureau and office items", () => {
  it("are written when new or changed, and not otherwise", async () => {
    expect(await store.repo.putBureau(bureau)).toBe(true);
    expect(await store.repo.putBureau({ ...bureau, listings: [...bureau.listings] })).toBe(false);
    expect(await store.repo.putBureau({ ...bureau, name: "南京市统计局（新）" })).toBe(true);
    expect((await store.repo.getBureau("nj-tjj"))?.name).toBe("南京市统计局（新）");
    expect(
      await store.repo.putOffice({
        id: "nj-zwgk",
        name: "南京市政务公开办",
        emails: ["zwgk@example.gov.cn"],
      }),
    ).toBe(true);
    expect(
      await store.repo.putOffice({
        id: "nj-zwgk",
        name: "南京市政务公开办",
        emails: ["zwgk@example.gov.cn"],
      }),
    ).toBe(false);
    expect(store.counting.writes).toHaveLength(3);
  });
});

describe("the registry mirror", () => {
  const office = { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] };
  it("writes offices and bureaus once, then costs no write while the registry is unchanged", async () => {
    expect(await store.repo.syncDirectory({ offices: [office], bureaus: [bureau] })).toBe(true);
    expect(await store.repo.getBureau(bureau.id)).toEqual(bureau);
    const writes = store.counting.writes.length;
    expect(await store.repo.syncDirectory({ offices: [office], bureaus: [bureau] })).toBe(false);
    expect(store.counting.writes.length).toBe(writes);
    const renamed = { ...bureau, name: "南京市统计局（新）" };
    expect(await store.repo.syncDirectory({ offices: [office], bureaus: [renamed] })).toBe(true);
    expect((await store.repo.getBureau(bureau.id))?.name).toBe("南京市统计局（新）");
  });
});

describe("each office's list of its bureaus", () => {
  const office = { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] };
  it("is on the office's item, and a store written before items listed them gets it at the next sync", async () => {
    // The store as the previous release left it: the office item without the list, and the directory's
    // fingerprint taken of the registry alone, so the registry looks unchanged.
    await store.repo.putOffice(office);
    await store.repo.putBureau(bureau);
    const registryOnly = createHash("sha256")
      .update(stableStringify({ offices: [office], bureaus: [bureau] }))
      .digest("hex");
    await store.dynamo.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { PK: "DIRECTORY", SK: "META", kind: "directory", fingerprint: registryOnly },
      }),
    );
    expect(await store.repo.getOfficeBureauIds(office.id)).toBeUndefined();
    expect(await store.repo.syncDirectory({ offices: [office], bureaus: [bureau] })).toBe(true);
    expect(await store.repo.getOfficeBureauIds(office.id)).toEqual([bureau.id]);
    // A bureau moved to another office leaves this office's list.
    const other = { id: "js-zwgk", name: "江苏省政务公开办", emails: ["js@example.gov.cn"] };
    const moved = { ...bureau, supervisor: other.id };
    expect(await store.repo.syncDirectory({ offices: [office, other], bureaus: [moved] })).toBe(true);
    expect(await store.repo.getOfficeBureauIds(office.id)).toEqual([]);
    expect(await store.repo.getOfficeBureauIds(other.id)).toEqual([bureau.id]);
    expect(await store.repo.getBureaus([bureau.id, "nobody"])).toEqual([moved]);
  });
});

describe("the registry mirror of a large registry", () => {
  it("reads and writes it in batches, and writes back only the entries that changed", async () => {
    const office = { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] };
    const bureaus = Array.from({ length: 60 }, (_, i) => ({ ...bureau, id: `b${i}`, name: `局${i}` }));
    expect(await store.repo.syncDirectory({ offices: [office], bureaus })).toBe(true);
    expect(store.counting.requests.length).toBeLessThanOrEqual(6);
    expect((await store.repo.getBureau("b59"))?.name).toBe("局59");

    store.counting.writes.length = 0;
    const renamed = bureaus.map((b, i) => (i === 7 ? { ...b, name: "新名" } : b));
    expect(await store.repo.syncDirectory({ offices: [office], bureaus: renamed })).toBe(true);
    const batched = store.counting.writes.filter((w) => w.command === "BatchWriteCommand");
    const items = batched.flatMap(
      (w) => Object.values(w.input.RequestItems as Record<string, unknown[]>)[0]!,
    );
    expect(items).toHaveLength(1);
    expect((await store.repo.getBureau("b7"))?.name).toBe("新名");
  });
});

describe("crawl state", () => {
  it("round-trips URL state, robots and host health", async () => {
    const state = store.repo.crawlState();
    const url = "https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/index.html";
    expect(await state.getUrlState(url)).toBeUndefined();
    await state.putUrlState({
      url,
      etag: '"abc"',
      sha256: "1".repeat(64),
      checkedAt: "2024-01-01T00:00:00.000Z",
    });
    await state.putRobots("tjj.nanjing.gov.cn", {
      body: "User-agent: *\nDisallow:",
      status: 200,
      fetchedAt: "2024-01-01T00:00:00.000Z",
    });
    await state.putHostHealth("tjj.nanjing.gov.cn", { failures: 2, lastErrors: ["ECONNRESET", "timeout"] });

    const fresh = store.repo.crawlState(); // nothing cached: reads come from the table
    expect(await fresh.getUrlState(url)).toEqual({
      url,
      etag: '"abc"',
      sha256: "1".repeat(64),
      checkedAt: "2024-01-01T00:00:00.000Z",
    });
    expect((await fresh.getRobots("TJJ.nanjing.gov.cn"))?.status).toBe(200);
    expect(await fresh.getHostHealth("tjj.nanjing.gov.cn")).toEqual({
      failures: 2,
      lastErrors: ["ECONNRESET", "timeout"],
    });
  });

  it("does not write when only the check time moved, and does when a validator changed", async () => {
    const url = "https://tjj.nanjing.gov.cn/a.html";
    await store.repo.crawlState().putUrlState({ url, etag: "1", checkedAt: "2024-01-01T00:00:00.000Z" });
    store.counting.writes.length = 0;

    const next = store.repo.crawlState();
    await next.getUrlState(url);
    await next.putUrlState({ url, etag: "1", checkedAt: "2024-01-02T00:00:00.000Z" });
    await store.repo.crawlState().putUrlState({ url, etag: "1", checkedAt: "2024-01-03T00:00:00.000Z" }); // no prior get
    expect(store.counting.writes).toEqual([]);

    await next.putUrlState({ url, etag: "2", checkedAt: "2024-01-04T00:00:00.000Z" });
    expect(store.counting.writes).toHaveLength(1);
    expect((await store.repo.crawlState().getUrlState(url))?.etag).toBe("2");
  });
});

describe("persistence", () => {
  it("keeps the data under <dataDir>/dynamodb across restarts", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "gdm-store-"));
    try {
      const first = await startDynalite({ dataDir });
      await createRepository({ doc: first.doc }).putReportVersion(version("c", "2024-01-20T00:00:00.000Z"));
      await first.stop();

      const second = await startDynalite({ dataDir });
      try {
        const again = createRepository({ doc: second.doc });
        expect((await again.getLatestReport("nj-tjj", 2023))?.sha256).toBe("c".repeat(64));
        expect(await again.putReportVersion(version("c", "2024-02-20T00:00:00.000Z"))).toEqual({
          created: false,
        });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
