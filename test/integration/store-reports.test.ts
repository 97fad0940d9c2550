import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureTable, type LocalDynamo, startDynalite } from "../../infra/local/dynalite.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { createRepository, type ReportVersionInput, type Repository } from "../../shared/store/repository.ts";
import { type CountingDoc, countingDoc } from "./helpers/counting-doc.ts";

let dynamo: LocalDynamo;
let counting: CountingDoc;
let repo: Repository;
let tableSeq = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.stop();
});
beforeEach(async () => {
  const tableName = `reports-${++tableSeq}`;
  await ensureTable(dynamo.client, tableName);
  counting = countingDoc(dynamo.doc);
  repo = createRepository({ doc: counting.doc, tableName });
});

const bureau: Bureau = {
  id: "nj-tjj",
  name: "南京市统计局",
  regionCode: "320100",
  agencyType: "department",
  supervisor: "nj-zwgk",
  site: "https://tjj.nanjing.gov.cn/",
  listings: ["https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/"],
};

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
    expect(await repo.putReportVersion(version("a", "2024-01-20T00:00:00.000Z"))).toEqual({ created: true });
    counting.writes.length = 0;
    expect(await repo.putReportVersion(version("a", "2024-01-21T00:00:00.000Z"))).toEqual({ created: false });
    expect(counting.writes).toEqual([]);
    const [stored] = await repo.getReportVersions("nj-tjj", 2023);
    expect(stored?.firstSeen).toBe("2024-01-20T00:00:00.000Z");
    expect(stored?.summary.tables.review?.review.total).toEqual({ value: null, raw: "/", kind: "na" });
  });

  it("the latest version is the last one first seen", async () => {
    await repo.putReportVersion(version("f", "2024-01-20T00:00:00.000Z"));
    await repo.putReportVersion(version("0", "2024-03-01T00:00:00.000Z"));
    await repo.putReportVersion({ ...version("9", "2023-01-20T00:00:00.000Z"), year: 2022 });
    expect((await repo.getReportVersions("nj-tjj")).map((v) => v.year)).toEqual([2022, 2023, 2023]);
    expect((await repo.getLatestReport("nj-tjj", 2023))?.sha256).toBe("0".repeat(64));
    expect(await repo.getLatestReport("nj-tjj", 2021)).toBeUndefined();
  });
});

describe("bureau and office items", () => {
  it("are written when new or changed, and not otherwise", async () => {
    expect(await repo.putBureau(bureau)).toBe(true);
    expect(await repo.putBureau({ ...bureau, listings: [...bureau.listings] })).toBe(false);
    expect(await repo.putBureau({ ...bureau, name: "南京市统计局（新）" })).toBe(true);
    expect((await repo.getBureau("nj-tjj"))?.name).toBe("南京市统计局（新）");
    expect(
      await repo.putOffice({ id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] }),
    ).toBe(true);
    expect(
      await repo.putOffice({ id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] }),
    ).toBe(false);
    expect(counting.writes).toHaveLength(3);
  });
});

describe("the registry mirror", () => {
  const office = { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] };
  it("writes offices and bureaus once, then costs no write while the registry is unchanged", async () => {
    expect(await repo.syncDirectory({ offices: [office], bureaus: [bureau] })).toBe(true);
    expect(await repo.getBureau(bureau.id)).toEqual(bureau);
    const writes = counting.writes.length;
    expect(await repo.syncDirectory({ offices: [office], bureaus: [bureau] })).toBe(false);
    expect(counting.writes.length).toBe(writes);
    const renamed = { ...bureau, name: "南京市统计局（新）" };
    expect(await repo.syncDirectory({ offices: [office], bureaus: [renamed] })).toBe(true);
    expect((await repo.getBureau(bureau.id))?.name).toBe("南京市统计局（新）");
  });
});

describe("crawl state", () => {
  it("round-trips URL state, robots and host health", async () => {
    const state = repo.crawlState();
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

    const fresh = repo.crawlState(); // nothing cached: reads come from the table
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
    await repo.crawlState().putUrlState({ url, etag: "1", checkedAt: "2024-01-01T00:00:00.000Z" });
    counting.writes.length = 0;

    const next = repo.crawlState();
    await next.getUrlState(url);
    await next.putUrlState({ url, etag: "1", checkedAt: "2024-01-02T00:00:00.000Z" });
    await repo.crawlState().putUrlState({ url, etag: "1", checkedAt: "2024-01-03T00:00:00.000Z" }); // no prior get
    expect(counting.writes).toEqual([]);

    await next.putUrlState({ url, etag: "2", checkedAt: "2024-01-04T00:00:00.000Z" });
    expect(counting.writes).toHaveLength(1);
    expect((await repo.crawlState().getUrlState(url))?.etag).toBe("2");
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
