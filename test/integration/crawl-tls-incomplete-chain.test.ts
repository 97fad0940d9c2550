// Many government sites send their certificate without its intermediate. Browsers open them anyway,
// fetching the missing issuer from the address the certificate names (AIA "CA Issuers"); so does the
// crawler. Over real TLS on 127.0.0.1, with a test root, an intermediate served by a test CA over HTTP,
// and servers that send the leaf alone: such a site is read, the issuer is fetched once for every host
// it signs, and a chain that ends in a root nobody trusts is still refused.
import { execFile } from "node:child_process";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { connect } from "node:tls";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher, type Fetcher } from "../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import {
  TEST_ROOT,
  TLS_FIXTURES,
  TLS_NOT_FOUND,
  TLS_SITE_PAGES,
  tlsFixture,
} from "../support/tls-fixtures.ts";

const fixture = tlsFixture;
const ROOT = TEST_ROOT;
const HOSTS = ["tjj.aia.example.gov.cn", "www.aia.example.gov.cn"];
const ROGUE = "tjj.rogue.example.gov.cn";
const CA = "ca.aia.example.test";

/** A site that sends its leaf certificate alone; records the pages asked of it. */
async function startSite(
  cert: string,
  key: string,
): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer({ cert: fixture(cert), key: fixture(key) }, (req, res) => {
    requests.push(`${req.headers.host}${req.url}`);
    const body = TLS_SITE_PAGES[req.url ?? ""];
    res.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(body ?? TLS_NOT_FOUND);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

const closeServer = (server: Server | HttpServer) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

function bureau(host: string): Bureau {
  return {
    id: host.replaceAll(".", "-"),
    name: "示例市统计局",
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `https://${host}/`,
    listings: [`https://${host}/nb/`],
  };
}

let site: Awaited<ReturnType<typeof startSite>>;
let rogue: Awaited<ReturnType<typeof startSite>>;
let ca: HttpServer;
let caPort: number;
const caRequests: string[] = [];
let caDown = false;
let fetcher: Fetcher;

beforeAll(async () => {
  site = await startSite("aia-leaf-cert.pem", "aia-leaf-key.pem");
  rogue = await startSite("aia-rogue-leaf-cert.pem", "aia-rogue-leaf-key.pem");
  const served: Record<string, Buffer> = {
    "/int.cer": fixture("aia-intermediate-cert.der"),
    "/rogue-root.cer": fixture("aia-rogue-root-cert.der"),
  };
  ca = createHttpServer((req, res) => {
    caRequests.push(req.url ?? "");
    if (caDown) {
      // A CA's server having a bad day: an error page far larger than any certificate.
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<p>Not Found</p>".repeat(20_000));
      return;
    }
    const body = served[req.url ?? ""];
    res.writeHead(body ? 200 : 404, { "content-type": "application/pkix-cert" });
    res.end(body ?? "");
  });
  await new Promise<void>((resolve) => ca.listen(0, "127.0.0.1", resolve));
  caPort = (ca.address() as AddressInfo).port;
  fetcher = createFetcher({ resolve: resolveMap(), allowPrivateNetwork: true, extraRoots: [ROOT] });
});
afterAll(async () => {
  await fetcher.close();
  await Promise.all([closeServer(site.server), closeServer(rogue.server), closeServer(ca)]);
});

function resolveMap(): Record<string, string> {
  return {
    ...Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${site.port}`])),
    [ROGUE]: `127.0.0.1:${rogue.port}`,
    [CA]: `127.0.0.1:${caPort}`,
  };
}

const crawl = (host: string, with_ = fetcher) =>
  crawlBureau(bureau(host), { fetcher: with_, state: new MemoryCrawlState(), pacing: { minIntervalMs: 1 } });

describe("a site that sends its certificate without the intermediate", () => {
  it("really does not verify as sent, even for a client trusting the root", async () => {
    const code = await new Promise<string | undefined>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port: site.port, servername: HOSTS[0], ca: ROOT });
      socket.once("secureConnect", () => resolve(undefined));
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    expect(code).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  it("is read: the issuer is fetched from the address its certificate names, once for every host", async () => {
    const first = await crawl(HOSTS[0] as string);
    expect(first.errors).toEqual([]);
    expect(first.status).toBe("ok");
    expect(first.documents.map((d) => d.yearHint)).toEqual([2024, 2023]);
    const second = await crawl(HOSTS[1] as string);
    expect(second.errors).toEqual([]);
    expect(second.documents.map((d) => d.yearHint)).toEqual([2024, 2023]);
    expect(caRequests.filter((r) => r === "/int.cer")).toHaveLength(1);
    expect(site.requests).toContain(`${HOSTS[1]}/nb/2023/t2.html`);
  });

  it("is refused when the issuer its certificate names is a root nobody trusts", async () => {
    const result = await crawl(ROGUE);
    expect(result.status).toBe("unreachable");
    expect(rogue.requests).toEqual([]);
    const line = result.errors.find((e) => e.includes("TLS certificate not accepted"));
    expect(line, result.errors.join("\n")).toContain(
      `its chain is incomplete or its issuer unknown, and the issuer it names (http://${CA}/rogue-root.cer) is a root that is not trusted`,
    );
  });

  it("is refused, saying why, when the issuer's address answers an error page", async () => {
    const fresh = createFetcher({ resolve: resolveMap(), allowPrivateNetwork: true, extraRoots: [ROOT] });
    caDown = true;
    try {
      const result = await crawl(HOSTS[0] as string, fresh);
      expect(result.status).toBe("unreachable");
      expect(result.errors.join("\n")).toContain(
        `its issuer could not be fetched from http://${CA}/int.cer: HTTP 404`,
      );
    } finally {
      caDown = false;
      await fresh.close();
    }
  });

  it("is refused when the intermediate leads to a root the crawler does not trust", async () => {
    const strict = createFetcher({ resolve: resolveMap(), allowPrivateNetwork: true });
    try {
      const before = site.requests.length;
      const result = await crawl(HOSTS[0] as string, strict);
      expect(result.status).toBe("unreachable");
      expect(site.requests.length).toBe(before);
      expect(result.errors.join("\n")).toContain(
        "its chain is incomplete or its issuer unknown, and its chain stops at CN=Test Intermediate CA, whose issuer is neither trusted nor named",
      );
    } finally {
      await strict.close();
    }
  });
});

describe("the roots an operator adds to Node (NODE_EXTRA_CA_CERTS)", () => {
  /** Fetches the site's listing in a Node process of its own (Node reads the variable as it starts). */
  const fetchInProcess = (env: Record<string, string>) => {
    const fetcherModule = pathToFileURL(
      path.resolve(import.meta.dirname, "../../shared/crawl/fetcher.ts"),
    ).href;
    const script = [
      `import { createFetcher } from ${JSON.stringify(fetcherModule)};`,
      `const fetcher = createFetcher({ resolve: ${JSON.stringify(resolveMap())}, allowPrivateNetwork: true });`,
      "try {",
      `  const r = await fetcher.fetch({ url: "https://${HOSTS[0]}/nb/", allowedHosts: new Set([${JSON.stringify(HOSTS[0])}]) });`,
      '  console.log("status " + r.status);',
      '} catch (e) { console.log("error " + e.message); } finally { await fetcher.close(); }',
    ].join("\n");
    return new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
      ),
    );
  };

  it("are trusted when a chain is completed, as Node trusts them for a complete one", async () => {
    const trusted = await fetchInProcess({
      NODE_EXTRA_CA_CERTS: path.join(TLS_FIXTURES, "aia-root-cert.pem"),
    });
    expect(trusted).toBe("status 200");
    const without = await fetchInProcess({});
    expect(without).toMatch(/^error .*TLS certificate not accepted/);
  });
});
