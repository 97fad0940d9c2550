import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bureauHosts, wwwTwin } from "../../../shared/registry/bureau-hosts.ts";
import { loadRegistry, parseRegistry, RegistryError } from "../../../shared/registry/index.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

function validRegistry() {
  return {
    offices: [{ id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] }],
    bureaus: [
      {
        id: "nj-tjj",
        name: "南京市统计局",
        regionCode: "320100",
        agencyType: "department",
        supervisor: "nj-zwgk",
        site: "https://tjj.nanjing.gov.cn/",
        listings: ["https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/"],
      } as Record<string, unknown>,
    ],
    resolve: { "tjj.nanjing.gov.cn": "127.0.0.1:8081" } as Record<string, string>,
    allowPrivateNetwork: true,
  };
}

function errorOf(json: unknown): string {
  try {
    parseRegistry(json);
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    return message;
  }
  throw new Error("expected the registry to be rejected");
}

describe("registry", () => {
  it("accepts the DESIGN example and the shipped example file", async () => {
    const registry = parseRegistry(validRegistry());
    expect(registry.bureaus[0]?.supervisor).toBe("nj-zwgk");
    const example = await loadRegistry(path.join(repoRoot, "examples/registry.example.json"));
    expect(example.bureaus.length).toBeGreaterThan(1);
  });

  it("names the entry and field of an unknown supervisor", () => {
    const json = validRegistry();
    json.bureaus[0]!.supervisor = "nj-zwgk2";
    expect(errorOf(json)).toBe('registry: bureaus[0] (id "nj-tjj").supervisor: unknown office "nj-zwgk2"');
  });

  it("rejects unknown fields (typos) instead of ignoring them", () => {
    const json = validRegistry();
    json.bureaus[0]!.listing = ["https://tjj.nanjing.gov.cn/"];
    expect(errorOf(json)).toContain('bureaus[0] (id "nj-tjj"): unknown field "listing"');
    expect(errorOf({ ...validRegistry(), allowPrivateNetwrok: true })).toContain(
      'unknown field "allowPrivateNetwrok"',
    );
  });

  it.each([
    ["regionCode", "32010", "regionCode"],
    ["agencyType", "ministry", "agencyType"],
    ["site", "ftp://tjj.nanjing.gov.cn/", "site"],
    ["listings", ["javascript:alert(1)"], "listings[0]"],
    ["listings", ["https://evil.example.com/zfxxgknb/"], "listings[0]"],
    ["deadlineOverride", { month: 2, day: 30 }, "deadlineOverride"],
    ["deadlineOverride", { month: 13, day: 1 }, "deadlineOverride.month"],
    ["linkPatterns", ["([unclosed"], "linkPatterns[0]"],
    ["acceptInvalidCertificates", "yes", "acceptInvalidCertificates"],
  ])("rejects a bad %s (%j) naming the field", (field, value, where) => {
    const json = validRegistry();
    json.bureaus[0]![field] = value;
    expect(errorOf(json)).toContain(`bureaus[0] (id "nj-tjj").${where}: `);
  });

  it("takes a bureau's consent to read its site with an invalid certificate", () => {
    const json = validRegistry();
    json.bureaus[0]!.acceptInvalidCertificates = true;
    expect(parseRegistry(json).bureaus[0]?.acceptInvalidCertificates).toBe(true);
  });

  it("accepts listings on an extra host declared in hosts", () => {
    const json = validRegistry();
    json.bureaus[0]!.hosts = ["files.nanjing.gov.cn"];
    json.bureaus[0]!.listings = ["https://files.nanjing.gov.cn/nb/"];
    expect(parseRegistry(json).bureaus[0]?.hosts).toEqual(["files.nanjing.gov.cn"]);
  });

  it("takes Chinese domain names in hosts and resolve, matched to the URLs' ASCII form", () => {
    const json = validRegistry();
    json.bureaus[0]!.site = "http://统计局.中国/";
    json.bureaus[0]!.hosts = ["附件.统计局.中国"];
    json.bureaus[0]!.listings = ["http://附件.统计局.中国/nb/"];
    json.resolve = { "统计局.中国": "127.0.0.1:8081", "TJJ.Nanjing.gov.cn": "127.0.0.1:8082" };
    const registry = parseRegistry(json);
    const siteHost = new URL("http://统计局.中国/").hostname;
    expect(siteHost).toMatch(/^xn--/);
    expect(registry.bureaus[0]?.hosts).toEqual([new URL("http://附件.统计局.中国/").hostname]);
    expect(registry.resolve).toEqual({
      [siteHost]: "127.0.0.1:8081",
      "tjj.nanjing.gov.cn": "127.0.0.1:8082",
    });
  });

  it("names a resolve key that is not a host name", () => {
    const json = validRegistry();
    json.resolve["tjj nanjing"] = "127.0.0.1:8081";
    expect(errorOf(json)).toBe('registry: resolve["tjj nanjing"]: must be a host name');
    json.resolve = {};
    json.bureaus[0]!.hosts = ["files_nanjing.gov.cn/"];
    expect(errorOf(json)).toBe('registry: bureaus[0] (id "nj-tjj").hosts[0]: must be a host name');
  });

  it("rejects duplicate ids and missing required fields", () => {
    const dup = validRegistry();
    dup.bureaus.push({ ...dup.bureaus[0]! });
    expect(errorOf(dup)).toContain('bureaus[1] (id "nj-tjj").id: duplicate bureau id "nj-tjj"');
    const missing = validRegistry();
    delete missing.bureaus[0]!.name;
    expect(errorOf(missing)).toContain('bureaus[0] (id "nj-tjj").name: is required');
  });

  it("checks resolve values are addr[:port]", () => {
    const json = validRegistry();
    json.resolve["tjj.nanjing.gov.cn"] = "127.0.0.1:99999";
    expect(errorOf(json)).toContain('resolve["tjj.nanjing.gov.cn"]: must be "address[:port]"');
    json.resolve["tjj.nanjing.gov.cn"] = "[::1]:8081";
    expect(() => parseRegistry(json)).not.toThrow();
  });

  it("reports unreadable and non-JSON files in one line", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "registry-"));
    const file = path.join(dir, "bad.json");
    await writeFile(file, "{ not json");
    await expect(loadRegistry(file)).rejects.toThrow(/^registry: .*bad\.json is not valid JSON/);
    await expect(loadRegistry(path.join(dir, "missing.json"))).rejects.toBeInstanceOf(RegistryError);
  });

  it("reads a file saved with a byte-order mark", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "registry-"));
    const file = path.join(dir, "bom.json");
    await writeFile(file, `\uFEFF${JSON.stringify(validRegistry())}`);
    expect((await loadRegistry(file)).bureaus[0]?.id).toBe("nj-tjj");
  });

  it("rejects arbitrary JSON with a one-line RegistryError, never anything else", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          parseRegistry(json);
        } catch (error) {
          expect(error).toBeInstanceOf(RegistryError);
          expect((error as Error).message).not.toContain("\n");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("bureauHosts", () => {
  it("is the site's host, its www. twin, and the extra hosts", () => {
    const hosts = (site: string, extra?: string[]) =>
      [...bureauHosts({ site, ...(extra ? { hosts: extra } : {}) })].sort();
    expect(hosts("https://tjj.x.gov.cn/")).toEqual(["tjj.x.gov.cn", "www.tjj.x.gov.cn"]);
    expect(hosts("http://www.x.gov.cn/", ["File.X.gov.cn"])).toEqual([
      "file.x.gov.cn",
      "www.x.gov.cn",
      "x.gov.cn",
    ]);
    expect(hosts("http://127.0.0.1:8080/")).toEqual(["127.0.0.1"]);
    expect(hosts("http://localhost/")).toEqual(["localhost"]);
    expect(wwwTwin("www.cn")).toBeUndefined();
  });
});
