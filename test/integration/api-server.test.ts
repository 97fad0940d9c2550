// The findings API over real HTTP on 127.0.0.1: the node:http adapter around the shared handler.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, MAX_URL_LENGTH, startApiServer } from "../../infra/local/serve.ts";
import { RULE_IDS } from "../../shared/rules/catalogue.ts";
import { type ApiWorld, bureaus, fixtureTokens, startWorld, TOKENS } from "../unit/api/api-fixtures.ts";

let world: ApiWorld;
let server: ApiServer;

beforeAll(async () => {
  world = await startWorld();
  server = await startApiServer({ repo: world.repo, tokens: fixtureTokens() });
});
afterAll(async () => {
  await server?.close();
  await world?.dynamo.stop();
});

const auth = (office: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[office]}` });

describe("startApiServer", () => {
  it("listens on 127.0.0.1 and serves the public routes", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const rules = await fetch(`${server.url}/rules`);
    expect(rules.status).toBe(200);
    expect(rules.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(((await rules.json()) as { rules: { id: string }[] }).rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("serves an office its findings with filters, and only its own", async () => {
    const res = await fetch(`${server.url}/findings?status=open&severity=error`, {
      headers: auth("sz-zwgk"),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { office: string; findings: { bureauId: string; severity: string }[] };
    expect(body.office).toBe("sz-zwgk");
    expect(body.findings.length).toBeGreaterThan(0);
    const own = new Set(bureaus.filter((b) => b.supervisor === "sz-zwgk").map((b) => b.id));
    for (const f of body.findings) {
      expect(own.has(f.bureauId)).toBe(true);
      expect(f.severity).toBe("error");
    }
    const foreign = await fetch(`${server.url}/bureaus/gz-tjj`, { headers: auth("sz-zwgk") });
    expect(foreign.status).toBe(404);
  });

  it("answers HEAD with the headers only", async () => {
    const res = await fetch(`${server.url}/rules`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("refuses other methods, repeated parameters, bad tokens and long URLs with one-line JSON errors", async () => {
    const cases: [Promise<Response>, number][] = [
      [
        fetch(`${server.url}/findings`, {
          method: "POST",
          body: "x".repeat(10_000),
          headers: auth("gz-zwgk"),
        }),
        405,
      ],
      [fetch(`${server.url}/findings?year=2023&year=2024`, { headers: auth("gz-zwgk") }), 400],
      [fetch(`${server.url}/findings?year=%E0%A4%A`, { headers: auth("gz-zwgk") }), 400],
      [fetch(`${server.url}/findings`, { headers: { authorization: "Bearer nope" } }), 401],
      [fetch(`${server.url}/findings?rule=${"x".repeat(MAX_URL_LENGTH)}`, { headers: auth("gz-zwgk") }), 414],
      [fetch(`${server.url}/nothing-here`), 404],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      const text = await res.text();
      expect(text.trim()).not.toContain("\n");
      expect(Object.keys(JSON.parse(text))).toEqual(["error"]);
    }
  });

  it("survives a request line it cannot route (absolute-form, odd paths)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: server.port, path: "*", method: "GET" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
