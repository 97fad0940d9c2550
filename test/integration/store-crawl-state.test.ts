// The crawler's memory on dynalite: one query per host, batched validator writes, nothing when unchanged.
import { describe, expect, it } from "vitest";
import type { UrlState } from "../../shared/domain/crawl.ts";
import { useStoreTables } from "./helpers/store-tables.ts";

const store = useStoreTables("crawlstate");
const HOST = "tjj.nanjing.gov.cn";

function urlState(i: number, etag = "1"): UrlState {
  return {
    url: `https://${HOST}/zwgk/${i}.html`,
    etag,
    sha256: String(i % 10).repeat(64),
    checkedAt: "2024-01-01T00:00:00.000Z",
  };
}

describe("DynamoCrawlState", () => {
  it("reads a host's URL states, robots and health with one query, then answers from memory", async () => {
    const writer = store.repo.crawlState();
    for (let i = 0; i < 5; i++) await writer.putUrlState(urlState(i));
    await writer.putRobots(HOST, {
      body: "User-agent: *",
      status: 200,
      fetchedAt: "2024-01-01T00:00:00.000Z",
    });
    await writer.putHostHealth(HOST, { failures: 1, lastErrors: ["timeout"] });

    store.counting.requests.length = 0;
    const reader = store.repo.crawlState();
    const answers = await Promise.all([
      reader.getRobots(HOST),
      reader.getHostHealth(HOST),
      ...[0, 1, 2, 3, 4, 99].map((i) => reader.getUrlState(urlState(i).url)),
    ]);
    expect(store.counting.requests).toEqual(["QueryCommand"]);
    expect(answers[0]?.status).toBe(200);
    expect(answers[1]).toEqual({ failures: 1, lastErrors: ["timeout"] });
    expect(answers.slice(2, 7)).toEqual([0, 1, 2, 3, 4].map((i) => urlState(i)));
    expect(answers[7]).toBeUndefined();
  });

  it("hands out copies: changing what it returned does not change what it believes is stored", async () => {
    await store.repo.crawlState().putUrlState(urlState(1));
    const state = store.repo.crawlState();
    const got = (await state.getUrlState(urlState(1).url))!;
    got.etag = "2";
    await state.putUrlState(got);
    expect((await store.repo.crawlState().getUrlState(got.url))?.etag).toBe("2");
  });

  it("writes many states in batches of at most 25, skipping unchanged ones", async () => {
    const state = store.repo.crawlState();
    const states = Array.from({ length: 60 }, (_, i) => urlState(i));
    await state.putUrlStates(states);
    const batches = store.counting.writes.filter((w) => w.command === "BatchWriteCommand");
    expect(store.counting.writes).toHaveLength(batches.length);
    expect(batches).toHaveLength(3);
    const sizes = batches.map(
      (b) => Object.values(b.input.RequestItems as Record<string, unknown[]>)[0]!.length,
    );
    expect(sizes.every((n) => n <= 25)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);

    const fresh = store.repo.crawlState();
    expect(await fresh.getUrlState(urlState(59).url)).toEqual(urlState(59));

    store.counting.writes.length = 0;
    const later = states.map((s) => ({ ...s, checkedAt: "2024-02-01T00:00:00.000Z" }));
    later[7] = { ...urlState(7, "2"), checkedAt: "2024-02-01T00:00:00.000Z" };
    await fresh.putUrlStates(later);
    expect(store.counting.writes).toHaveLength(1);
    expect(await store.repo.crawlState().getUrlState(urlState(7).url)).toMatchObject({ etag: "2" });
    store.counting.writes.length = 0;
    await fresh.putUrlStates(later);
    expect(store.counting.writes).toEqual([]);
  });

  it("writes a robots.txt verdict with the next write, and putUrlStates of none writes it alone", async () => {
    const robots = {
      body: "User-agent: *\nDisallow: /private/",
      status: 200,
      fetchedAt: "2024-01-01T00:00:00.000Z",
    };
    const state = store.repo.crawlState();
    await state.putRobots(HOST, robots);
    expect(store.counting.writes).toEqual([]);
    expect(await state.getRobots(HOST)).toEqual(robots);
    await state.putUrlStates([urlState(1), urlState(2)]);
    expect(store.counting.writes.map((w) => w.command)).toEqual(["BatchWriteCommand"]);
    const fresh = store.repo.crawlState();
    expect(await fresh.getRobots(HOST)).toEqual(robots);
    expect(await fresh.getUrlState(urlState(2).url)).toEqual(urlState(2));

    store.counting.writes.length = 0;
    const refetched = { ...robots, fetchedAt: "2024-01-02T00:00:00.000Z" };
    await fresh.putRobots(HOST, refetched);
    await fresh.putRobots("other.gov.cn", { body: null, status: 404, fetchedAt: refetched.fetchedAt });
    await fresh.putUrlStates([]);
    expect(store.counting.writes.map((w) => w.command)).toEqual(["BatchWriteCommand"]);
    await fresh.putUrlStates([]);
    expect(store.counting.writes).toHaveLength(1);
    expect(await store.repo.crawlState().getRobots(HOST)).toEqual(refetched);
    expect((await store.repo.crawlState().getRobots("other.gov.cn"))?.status).toBe(404);
  });

  it("keeps the last state of a URL named twice in one batch", async () => {
    await store.repo.crawlState().putUrlStates([urlState(1, "a"), urlState(1, "b")]);
    expect((await store.repo.crawlState().getUrlState(urlState(1).url))?.etag).toBe("b");
  });
});
