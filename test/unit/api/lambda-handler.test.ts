import { describe, expect, it } from "vitest";
import { apiEnvSchema, makeHandler } from "../../../functions/api/handler.ts";
import { ConfigError, readEnv } from "../../../functions/config.ts";
import type { ApiRequest } from "../../../shared/api/index.ts";
import { jsonResponse } from "../../../shared/api/index.ts";

const event = (rawPath: string, rawQueryString = "", method = "GET") => ({
  rawPath,
  rawQueryString,
  headers: { authorization: "Bearer t" },
  requestContext: { http: { method } },
});

describe("API Lambda", () => {
  it("hands the HTTP API v2 request to the API and its answer back to API Gateway", async () => {
    const seen: ApiRequest[] = [];
    const handler = makeHandler(async (req) => {
      seen.push(req);
      return jsonResponse(200, { ok: true });
    });
    const out = await handler(event("/bureaus/gz-tjj/findings", "status=open&year=2023"));
    expect(seen).toEqual([
      {
        method: "GET",
        path: "/bureaus/gz-tjj/findings",
        query: { status: "open", year: "2023" },
        headers: { authorization: "Bearer t" },
      },
    ]);
    expect(out).toMatchObject({ statusCode: 200, isBase64Encoded: false, body: '{"ok":true}\n' });
    expect(out.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("refuses a repeated query parameter before the API sees it", async () => {
    let called = false;
    const handler = makeHandler(async () => {
      called = true;
      return jsonResponse(200, {});
    });
    const out = await handler(event("/findings", "year=2023&year=2022"));
    expect(out.statusCode).toBe(400);
    expect(Object.keys(JSON.parse(out.body))).toEqual(["error"]);
    expect(called).toBe(false);
  });

  it("needs TABLE_NAME, BUCKET_NAME and TOKENS", () => {
    expect(() => readEnv(apiEnvSchema, { TABLE_NAME: "t", BUCKET_NAME: "b" })).toThrow(ConfigError);
    expect(
      readEnv(apiEnvSchema, { TABLE_NAME: "t", BUCKET_NAME: "b", TOKENS: "config/api-tokens.json" }),
    ).toEqual({
      TABLE_NAME: "t",
      BUCKET_NAME: "b",
      TOKENS: "config/api-tokens.json",
      API_AUTH: "token",
    });
    expect(() =>
      readEnv(apiEnvSchema, { TABLE_NAME: "t", BUCKET_NAME: "b", TOKENS: "x", API_AUTH: "cognito" }),
    ).toThrow(ConfigError);
  });
});
