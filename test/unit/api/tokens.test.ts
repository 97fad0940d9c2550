import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { localTokens } from "../../../infra/local/serve.ts";
import {
  hashToken,
  newToken,
  parseQueryString,
  refreshingTokenStore,
  TokenConfigError,
  tokenStoreFromJson,
} from "../../../shared/api/index.ts";
import { offices } from "./api-fixtures.ts";

describe("token store", () => {
  it("hashToken is the hex SHA-256 of the token's UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string(), (token) => {
        expect(hashToken(token)).toBe(createHash("sha256").update(Buffer.from(token, "utf8")).digest("hex"));
      }),
    );
  });

  it("maps each token to its office, several tokens per office allowed, and nothing else", async () => {
    const [a1, a2, b] = [newToken(), newToken(), newToken()];
    const store = tokenStoreFromJson(
      JSON.stringify({
        tokens: [
          { office: "gz-zwgk", sha256: hashToken(a1) },
          { office: "gz-zwgk", sha256: hashToken(a2).toUpperCase() },
          { office: "sz-zwgk", sha256: hashToken(b) },
        ],
      }),
    );
    expect(await store.officeFor(a1)).toBe("gz-zwgk");
    expect(await store.officeFor(a2)).toBe("gz-zwgk");
    expect(await store.officeFor(b)).toBe("sz-zwgk");
    expect(await store.officeFor(hashToken(a1))).toBeUndefined(); // the stored hash is not a credential
    expect(await store.officeFor("")).toBeUndefined();
    expect(await store.officeFor(`${a1} `)).toBeUndefined();
  });

  it("issues distinct, URL-safe tokens", () => {
    const tokens = new Set(Array.from({ length: 50 }, newToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^gdm_[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ["not JSON", "{tokens:"],
    ["no list", { tokens: {} }],
    ["short hash", { tokens: [{ office: "gz", sha256: "abc" }] }],
    ["plain token instead of hash", { tokens: [{ office: "gz", token: "gdm_x" }] }],
    ["bad office id", { tokens: [{ office: "", sha256: "a".repeat(64) }] }],
  ])("rejects a malformed tokens file (%s) with a TokenConfigError", (_name, json) => {
    expect(() => tokenStoreFromJson(json)).toThrow(TokenConfigError);
  });

  it("a refreshing store re-reads after its TTL and keeps the last good list when a reload fails", async () => {
    let clock = 0;
    let version = 1;
    let fail = false;
    const errors: unknown[] = [];
    const store = refreshingTokenStore(
      async () => {
        if (fail) throw new Error("S3 down");
        return tokenStoreFromJson({ tokens: [{ office: `office-${version}`, sha256: hashToken("t") }] });
      },
      { ttlMs: 1000, now: () => clock, onError: (e) => errors.push(e) },
    );
    expect(await store.officeFor("t")).toBe("office-1");
    version = 2;
    clock = 999;
    expect(await store.officeFor("t")).toBe("office-1");
    clock = 1000;
    expect(await store.officeFor("t")).toBe("office-2");
    fail = true;
    clock = 5000;
    expect(await store.officeFor("t")).toBe("office-2");
    expect(errors).toHaveLength(1);
  });

  it("a refreshing store that never loaded fails loudly, then recovers", async () => {
    let fail = true;
    const store = refreshingTokenStore(
      async () => {
        if (fail) throw new Error("no tokens file");
        return tokenStoreFromJson({ tokens: [{ office: "gz-zwgk", sha256: hashToken("t") }] });
      },
      { ttlMs: 1000 },
    );
    await expect(store.officeFor("t")).rejects.toThrow("no tokens file");
    fail = false;
    expect(await store.officeFor("t")).toBe("gz-zwgk");
  });
});

describe("parseQueryString", () => {
  it("decodes, and refuses repeated parameters and broken escapes", () => {
    expect(parseQueryString("year=2023&rule=table-arithmetic&x=a%20b+c")).toEqual({
      query: { year: "2023", rule: "table-arithmetic", x: "a b c" },
    });
    expect(parseQueryString("year=2023&year=2024")).toHaveProperty("error");
    expect(parseQueryString("year=%E0%A4%A")).toHaveProperty("error");
    expect(parseQueryString(`a=${"x".repeat(5000)}`)).toHaveProperty("error");
  });

  it("never throws", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (raw) => void parseQueryString(raw)));
  });
});

describe("localTokens", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("issues one token per office once, stores only hashes, and keeps them across restarts", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gdm-tokens-"));
    const first = await localTokens(dir, { offices });
    expect(first.issued.map((i) => i.office)).toEqual(offices.map((o) => o.id));
    for (const { office, token } of first.issued) expect(await first.tokens.officeFor(token)).toBe(office);

    const hashes = await readFile(first.hashFile, "utf8");
    for (const { token } of first.issued) {
      expect(hashes).not.toContain(token);
      expect(hashes).toContain(hashToken(token));
    }
    expect(first.plainFile).toBeDefined();
    const plain = await readFile(first.plainFile!, "utf8");
    expect(plain).toMatch(/DEMO ONLY/);
    for (const { token } of first.issued) expect(plain).toContain(token);

    const again = await localTokens(dir, { offices });
    expect(again.issued).toEqual([]);
    for (const { office, token } of first.issued) expect(await again.tokens.officeFor(token)).toBe(office);

    const grown = await localTokens(dir, {
      offices: [...offices, { id: "fs-zwgk", name: "佛山", emails: [] }],
    });
    expect(grown.issued.map((i) => i.office)).toEqual(["fs-zwgk"]);
    expect(await grown.tokens.officeFor(first.issued[0]!.token)).toBe(first.issued[0]!.office);
  });

  it("keeps the IAM principals a credentials file names when it adds tokens to it", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gdm-tokens-"));
    const principals = [{ office: "gz-zwgk", arn: "arn:aws-cn:iam::123456789012:role/gz-zwgk-reader" }];
    await writeFile(path.join(dir, "api-tokens.json"), JSON.stringify({ tokens: [], principals }));
    const made = await localTokens(dir, { offices }, { plainCopy: false });
    expect(made.issued).toHaveLength(offices.length);
    const stored = JSON.parse(await readFile(made.hashFile, "utf8"));
    expect(stored.principals).toEqual(principals);
    expect(stored.tokens).toHaveLength(offices.length);
    expect(await made.tokens.officeForPrincipal(principals[0]!.arn)).toBe("gz-zwgk");
  });

  it("keeps no plain copy unless asked to (everything but the bundled demo)", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gdm-tokens-"));
    const made = await localTokens(dir, { offices }, { plainCopy: false });
    expect(made.issued).toHaveLength(offices.length);
    expect(made.plainFile).toBeUndefined();
    expect(await readdir(dir)).toEqual(["api-tokens.json"]);
  });
});
