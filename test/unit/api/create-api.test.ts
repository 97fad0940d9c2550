import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHandler, type ApiRequest, createApi } from "../../../shared/api/index.ts";
import { RULE_IDS, RULES } from "../../../shared/rules/catalogue.ts";
import { type ApiWorld, bureaus, fixtureTokens, offices, startWorld, TOKENS } from "./api-fixtures.ts";

let world: ApiWorld;
let api: ApiHandler;
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  world = await startWorld();
  api = createApi({
    repo: world.repo,
    tokens: fixtureTokens(),
    now: () => new Date("2024-03-02T00:00:00Z"),
    log: (e) => logged.push(e),
  });
});
afterAll(async () => {
  await world?.dynamo.stop();
});

type Office = keyof typeof TOKENS;
function get(path: string, office?: Office, init: Partial<ApiRequest> = {}) {
  const [p, qs] = path.split("?");
  const query = Object.fromEntries(new URLSearchParams(qs ?? ""));
  const headers = office ? { authorization: `Bearer ${TOKENS[office]}` } : {};
  return api({ method: "GET", path: p!, query, headers, ...init });
}
async function getJson(path: string, office?: Office, init: Partial<ApiRequest> = {}) {
  const res = await get(path, office, init);
  return { ...res, json: JSON.parse(res.body) as Record<string, unknown> & { findings?: Item[] } };
}
interface Item {
  bureauId: string;
  year: number | null;
  rule: string;
  severity: string;
  status: string;
  message: string;
  resolvedAt?: string;
}
const supervisedBy = (office: string) =>
  new Set(bureaus.filter((b) => b.supervisor === office).map((b) => b.id));

describe("public routes", () => {
  it("GET /rules lists every rule of the catalogue, as the catalogue states it, without a token", async () => {
    const res = await getJson("/rules");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const rules = res.json.rules as Record<string, unknown>[];
    expect(rules.map((r) => r.id)).toEqual(RULE_IDS);
    for (const r of rules) {
      const spec = RULES[r.id as keyof typeof RULES] as (typeof RULES)[keyof typeof RULES] & {
        operational?: boolean;
        spec?: string;
      };
      expect(r).toEqual({
        id: r.id,
        severity: spec.severity,
        title: spec.title,
        when: spec.when,
        spec: spec.spec ?? null,
        operational: spec.operational === true,
      });
    }
    expect(rules.some((r) => r.operational)).toBe(true);
  });

  it("GET /health answers without a token", async () => {
    const res = await getJson("/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok", time: "2024-03-02T00:00:00.000Z" });
  });
});

describe("office isolation", () => {
  it("each office sees all of its own bureaus' findings and none of the other's", async () => {
    const all = new Map<string, Item[]>();
    for (const office of Object.keys(TOKENS) as Office[]) {
      const res = await getJson("/findings", office);
      expect(res.status).toBe(200);
      const items = res.json.findings!;
      expect(items.length).toBeGreaterThan(0);
      expect(res.json.count).toBe(items.length);
      for (const f of items) expect(supervisedBy(office).has(f.bureauId)).toBe(true);
      all.set(office, items);
    }
    // Together they are every stored finding of every bureau: nothing is lost by the split.
    let stored = 0;
    for (const b of bureaus) stored += (await world.repo.findingsByBureau(b.id)).length;
    expect([...all.values()].flat()).toHaveLength(stored);
  });

  it("another office's bureau looks exactly like a bureau that does not exist", async () => {
    const foreign = bureaus.find((b) => b.supervisor === "sz-zwgk")!.id;
    const missing = await get("/bureaus/no-such-bureau", "gz-zwgk");
    for (const path of [`/bureaus/${foreign}`, `/bureaus/${foreign}/findings`]) {
      const res = await get(path, "gz-zwgk");
      expect(res.status).toBe(404);
      expect(res.body).toBe(missing.body);
    }
    const viaFilter = await getJson(`/findings?bureau=${foreign}`, "gz-zwgk");
    expect(viaFilter.status).toBe(200);
    expect(viaFilter.json.findings).toEqual([]);
    // …while its own office does see it.
    expect((await get(`/bureaus/${foreign}`, "sz-zwgk")).status).toBe(200);
  });
});

describe("GET /findings filters", () => {
  const cases: [string, (f: Item) => boolean][] = [
    ["status=open", (f) => f.status === "open"],
    ["status=resolved", (f) => f.status === "resolved"],
    ["severity=error", (f) => f.severity === "error"],
    ["severity=info", (f) => f.severity === "info"],
    ["year=2022", (f) => f.year === 2022],
    ["rule=table-arithmetic", (f) => f.rule === "table-arithmetic"],
    ["bureau=gz-jyj", (f) => f.bureauId === "gz-jyj"],
    [
      "status=open&severity=error&year=2023",
      (f) => f.status === "open" && f.severity === "error" && f.year === 2023,
    ],
  ];
  it.each(cases)("?%s returns exactly the matching findings, in the same order", async (qs, keep) => {
    const everything = (await getJson("/findings", "gz-zwgk")).json.findings!;
    const expected = everything.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(everything.length);
    expect((await getJson(`/findings?${qs}`, "gz-zwgk")).json.findings).toEqual(expected);
  });

  it("a resolved finding says when it was resolved; open ones do not", async () => {
    const items = (await getJson("/findings", "gz-zwgk")).json.findings!;
    for (const f of items) expect(f.resolvedAt !== undefined).toBe(f.status === "resolved");
  });

  it("orders most severe first, then newest year, and is stable across calls", async () => {
    const first = (await getJson("/findings", "gz-zwgk")).json.findings!;
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    for (let i = 1; i < first.length; i++) {
      const [a, b] = [first[i - 1]!, first[i]!];
      expect(rank[a.severity]! <= rank[b.severity]!).toBe(true);
      if (a.severity === b.severity) expect((a.year ?? 0) >= (b.year ?? 0)).toBe(true);
    }
    expect((await getJson("/findings", "gz-zwgk")).json.findings).toEqual(first);
  });
});

describe("GET /bureaus/<id>", () => {
  it("shows the bureau and its stored report versions", async () => {
    const res = await getJson("/bureaus/gz-tjj", "gz-zwgk");
    expect(res.status).toBe(200);
    const expected = bureaus.find((b) => b.id === "gz-tjj")!;
    expect(res.json.bureau).toMatchObject({ id: expected.id, name: expected.name, supervisor: "gz-zwgk" });
    const versions = await world.repo.getReportVersions("gz-tjj");
    expect(versions.length).toBeGreaterThan(0);
    expect(res.json.reports).toEqual(
      versions.map((v) => ({
        year: v.year,
        url: v.url,
        publishedAt: v.publishedAt ?? null,
        sha256: v.sha256,
        firstSeen: v.firstSeen,
      })),
    );
  });

  it("says what the last cycle could judge of the bureau, and null before any cycle", async () => {
    expect((await getJson("/bureaus/gz-jyj", "gz-zwgk")).json.coverage).toBeNull();
    const coverage = {
      crawl: "partial" as const,
      judged: true,
      pendingYears: [2025],
      unjudgedYears: [2022],
      errors: ["report https://gz-jyj.example.gov.cn/gknb/2022.html: HTTP 404"],
      since: "2026-03-02T01:00:00.000Z",
    };
    await world.repo.putCoverage("gz-jyj", coverage);
    expect((await getJson("/bureaus/gz-jyj", "gz-zwgk")).json.coverage).toEqual(coverage);
  });

  it("/findings of a bureau equals /findings?bureau=<id>, and takes the same filters", async () => {
    const viaBureau = await getJson("/bureaus/gz-tjj/findings?status=open", "gz-zwgk");
    const viaFilter = await getJson("/findings?bureau=gz-tjj&status=open", "gz-zwgk");
    expect(viaBureau.status).toBe(200);
    expect(viaBureau.json.findings!.length).toBeGreaterThan(0);
    expect(viaBureau.json.findings).toEqual(viaFilter.json.findings);
  });
});

describe("GET /bureaus", () => {
  it("lists the office's own bureaus with their open findings by severity and their coverage", async () => {
    const coverage = {
      crawl: "partial" as const,
      judged: true,
      pendingYears: [],
      unjudgedYears: [2022],
      errors: ["report https://gz-tjj.example.gov.cn/gknb/2022.html: HTTP 404"],
      since: "2026-03-02T01:00:00.000Z",
    };
    await world.repo.putCoverage("gz-tjj", coverage);
    const res = await getJson("/bureaus", "gz-zwgk");
    expect(res.status).toBe(200);
    const listed = res.json.bureaus as { id: string; open: Record<string, number>; coverage: unknown }[];
    const own = bureaus.filter((b) => b.supervisor === "gz-zwgk").map((b) => b.id);
    expect(listed.map((b) => b.id)).toEqual([...own].sort());
    expect(res.json.count).toBe(own.length);
    // The counts are those of the office's open findings, bureau by bureau.
    const open = (await getJson("/findings?status=open", "gz-zwgk")).json.findings!;
    for (const b of listed) {
      const mine = open.filter((f) => f.bureauId === b.id);
      expect(b.open).toEqual({
        error: mine.filter((f) => f.severity === "error").length,
        warning: mine.filter((f) => f.severity === "warning").length,
        info: mine.filter((f) => f.severity === "info").length,
      });
    }
    expect(listed.find((b) => b.id === "gz-tjj")?.open.error).toBeGreaterThan(0);
    expect(listed.find((b) => b.id === "gz-tjj")?.coverage).toEqual(coverage);
    const other = (await getJson("/bureaus", "sz-zwgk")).json.bureaus as { id: string }[];
    expect(other.map((b) => b.id)).toEqual(["sz-tjj"]);
  });

  it("says in one line when the office's bureau list is not stored yet", async () => {
    // As an office item written before items listed their bureaus (until the next cycle's sync).
    const renamed = { ...offices[1]!, name: "深圳市政务公开办公室" };
    await world.repo.putOffice(renamed);
    const res = await getJson("/bureaus", "sz-zwgk");
    expect(res.status).toBe(503);
    expect(res.json.error).toMatch(/next monitoring cycle/);
    // The next sync writes the list, even for an office item whose data it finds unchanged.
    expect(await world.repo.syncDirectory({ offices: [offices[0]!, renamed], bureaus })).toBe(true);
    const listed = (await getJson("/bureaus", "sz-zwgk")).json.bureaus as { id: string }[];
    expect(listed.map((b) => b.id)).toEqual(["sz-tjj"]);
    await world.repo.syncDirectory({ offices, bureaus });
  });
});

describe("errors", () => {
  const bad: [string, string, Office | undefined, number][] = [
    ["bad year", "/findings?year=20x3", "gz-zwgk", 400],
    ["implausible year", "/findings?year=1999", "gz-zwgk", 400],
    ["unknown rule", "/findings?rule=no-such-rule", "gz-zwgk", 400],
    ["unknown severity", "/findings?severity=fatal", "gz-zwgk", 400],
    ["unknown status", "/findings?status=closed", "gz-zwgk", 400],
    ["unknown parameter", "/findings?office=sz-zwgk", "gz-zwgk", 400],
    ["bad bureau filter", "/findings?bureau=a%20b", "gz-zwgk", 400],
    ["bureau filter on a bureau route", "/bureaus/gz-tjj/findings?bureau=gz-jyj", "gz-zwgk", 400],
    ["parameter on /rules", "/rules?lang=en", undefined, 400],
    ["parameter on /bureaus", "/bureaus?status=open", "gz-zwgk", 400],
    ["no token, bureau list", "/bureaus", undefined, 401],
    ["malformed bureau id", "/bureaus/%E0%A4%A", "gz-zwgk", 400],
    ["no token", "/findings", undefined, 401],
    ["no token, bureau route", "/bureaus/gz-tjj", undefined, 401],
    ["unknown route", "/reports", "gz-zwgk", 404],
    ["trailing slash", "/findings/", "gz-zwgk", 404],
    ["unknown bureau", "/bureaus/nobody", "gz-zwgk", 404],
    ["overlong path", `/bureaus/${"x".repeat(600)}`, "gz-zwgk", 414],
  ];
  it.each(bad)("%s → %i-class one-line JSON error", async (_name, path, office, status) => {
    const res = await get(path, office);
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body.trim()).not.toContain("\n");
    const json = JSON.parse(res.body);
    expect(Object.keys(json)).toEqual(["error"]);
    expect(json.error.length).toBeGreaterThan(0);
  });

  it("401 for an unknown token or another scheme, with a Bearer challenge", async () => {
    for (const authorization of [
      "Bearer gdm_guessed",
      "Basic Z3o6eA==",
      `Bearer`,
      `Token ${TOKENS["gz-zwgk"]}`,
    ]) {
      const res = await api({
        method: "GET",
        path: "/findings",
        query: {},
        headers: { Authorization: authorization },
      });
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
  });

  it("the scheme and header name are case-insensitive", async () => {
    const res = await api({
      method: "GET",
      path: "/findings",
      query: {},
      headers: { AUTHORIZATION: `bearer ${TOKENS["gz-zwgk"]}` },
    });
    expect(res.status).toBe(200);
  });

  it("405 with Allow for anything but GET/HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const res = await get("/findings", "gz-zwgk", { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD");
      expect(Object.keys(JSON.parse(res.body))).toEqual(["error"]);
    }
  });

  it("an unexpected failure is a generic 500; the real error goes to the log only", async () => {
    const failing = createApi({
      repo: {
        ...world.repo,
        findingsByOffice: async () => {
          throw new Error("ProvisionedThroughputExceeded at secret-table-name");
        },
      },
      tokens: fixtureTokens(),
      log: (e) => logged.push(e),
    });
    const res = await failing({
      method: "GET",
      path: "/findings",
      query: {},
      headers: { authorization: `Bearer ${TOKENS["gz-zwgk"]}` },
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "internal error" });
    expect(res.body).not.toContain("secret-table-name");
    expect(JSON.stringify(logged.at(-1))).toContain("secret-table-name");
  });
});
