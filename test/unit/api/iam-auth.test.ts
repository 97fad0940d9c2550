// The findings API authorised by IAM (-c apiAuth=iam): API Gateway verified the caller's signature; the
// office is the one the credentials file gives that principal, and nothing a caller sends can claim one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHandler } from "../../../functions/api/handler.ts";
import {
  type ApiHandler,
  type ApiRequest,
  createApi,
  hashToken,
  jsonResponse,
  TokenConfigError,
  tokenStoreFromJson,
} from "../../../shared/api/index.ts";
import { principalKey } from "../../../shared/api/principals.ts";
import { parseCredentialsFile } from "../../../shared/api/tokens.ts";
import { type ApiWorld, bureaus, startWorld, TOKENS } from "./api-fixtures.ts";

const GZ_ROLE = "arn:aws-cn:iam::123456789012:role/offices/gz-zwgk-reader";
const SZ_USER = "arn:aws-cn:iam::123456789012:user/offices/sz-zwgk";
const credentials = {
  tokens: [{ office: "gz-zwgk", sha256: hashToken(TOKENS["gz-zwgk"]) }],
  principals: [
    { office: "gz-zwgk", arn: GZ_ROLE },
    { office: "sz-zwgk", arn: SZ_USER },
  ],
};

describe("principalKey", () => {
  it("takes a role's session as the role, without the role's path, in its own partition", () => {
    expect(principalKey("arn:aws-cn:sts::123456789012:assumed-role/gz-zwgk-reader/alice")).toBe(
      "arn:aws-cn:iam::123456789012:role/gz-zwgk-reader",
    );
    expect(principalKey(GZ_ROLE)).toBe("arn:aws-cn:iam::123456789012:role/gz-zwgk-reader");
    expect(principalKey("arn:aws:sts::123456789012:assumed-role/gz-zwgk-reader/alice")).toBe(
      "arn:aws:iam::123456789012:role/gz-zwgk-reader",
    );
  });

  it("keeps a user's ARN as it is, and knows no other kind of principal", () => {
    expect(principalKey(SZ_USER)).toBe(SZ_USER);
    for (const other of ["", "gz-zwgk", "arn:aws-cn:iam::123456789012:group/x", "arn:aws-cn:iam::12:user/x"])
      expect(principalKey(other)).toBeUndefined();
  });
});

describe("the credentials file's principals", () => {
  it("are optional, and each must name an office and an IAM user or role", () => {
    expect(parseCredentialsFile({ tokens: [] }).principals).toEqual([]);
    expect(parseCredentialsFile(credentials).principals).toHaveLength(2);
    const bad = {
      tokens: [],
      principals: [{ office: "gz-zwgk", arn: "arn:aws-cn:sts::123456789012:assumed-role/r/s" }],
    };
    expect(() => parseCredentialsFile(bad)).toThrow(TokenConfigError);
    expect(() => parseCredentialsFile(bad)).toThrow(/principals\.0\.arn must be an IAM user's or role's ARN/);
  });
});

describe("an API authorised by IAM", () => {
  let world: ApiWorld;
  let iamApi: ApiHandler;
  let tokenApi: ApiHandler;
  beforeAll(async () => {
    world = await startWorld();
    const tokens = tokenStoreFromJson(credentials);
    iamApi = createApi({ repo: world.repo, tokens, auth: "iam", log: () => {} });
    tokenApi = createApi({ repo: world.repo, tokens, log: () => {} });
  });
  afterAll(async () => {
    await world?.dynamo.stop();
  });

  const get = (api: ApiHandler, path: string, init: Partial<ApiRequest> = {}) =>
    api({ method: "GET", path, query: {}, headers: {}, ...init });
  const supervisedBy = (office: string) => bureaus.filter((b) => b.supervisor === office).map((b) => b.id);

  it("serves each office its own bureaus, by the principal API Gateway verified", async () => {
    for (const [principal, office] of [
      ["arn:aws-cn:sts::123456789012:assumed-role/gz-zwgk-reader/alice", "gz-zwgk"],
      [SZ_USER, "sz-zwgk"],
    ] as const) {
      const res = await get(iamApi, "/bureaus", { principal });
      expect(res.status).toBe(200);
      const ids = (JSON.parse(res.body).bureaus as { id: string }[]).map((b) => b.id);
      expect(ids.sort()).toEqual(supervisedBy(office).sort());
    }
  });

  it("refuses a principal no office was given, and a request without one, in one line", async () => {
    const stranger = await get(iamApi, "/findings", {
      principal: "arn:aws-cn:iam::123456789012:user/someone",
    });
    expect(stranger.status).toBe(403);
    expect(JSON.parse(stranger.body)).toEqual({
      error: "no office is given to arn:aws-cn:iam::123456789012:user/someone",
    });
    expect((await get(iamApi, "/findings")).status).toBe(403);
  });

  it("takes no bearer token for an office, and a token API takes no principal", async () => {
    const bearer = { authorization: `Bearer ${TOKENS["gz-zwgk"]}` };
    expect((await get(iamApi, "/findings", { headers: bearer })).status).toBe(403);
    expect((await get(tokenApi, "/findings", { principal: GZ_ROLE })).status).toBe(401);
    expect((await get(tokenApi, "/findings", { headers: bearer })).status).toBe(200);
  });

  it("gets the principal from API Gateway's authoriser context, never from a header", async () => {
    const seen: ApiRequest[] = [];
    const handler = makeHandler(async (req) => {
      seen.push(req);
      return jsonResponse(200, {});
    });
    const event = {
      rawPath: "/findings",
      headers: { "x-principal": SZ_USER },
      requestContext: { http: { method: "GET" }, authorizer: { iam: { userArn: GZ_ROLE } } },
    };
    await handler(event);
    await handler({ ...event, requestContext: { http: { method: "GET" } } });
    expect(seen.map((r) => r.principal)).toEqual([GZ_ROLE, undefined]);
  });
});
