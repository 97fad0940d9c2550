// Old servers and proxies answer in ways a strict HTTP/1.1 parser (undici's) refuses and a browser
// reads. Over real sockets on 127.0.0.1: each such answer is read through Node's lenient parser, the host
// then goes that way directly, an answer nobody can read is a clear permanent error, and over https the
// lenient path checks certificates exactly as the usual one does.
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPools } from "../../shared/crawl/connection-pools.ts";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { exchange, FetchControl } from "../../shared/crawl/exchange.ts";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { siteUnreachableFindings } from "../../shared/cycle/site-health.ts";
import {
  type FaultServer,
  faultBureau,
  faultHost,
  MALFORMED,
  startFaultServer,
} from "../support/fault-server.ts";
import { failure } from "../support/fetch-failure.ts";
import { aiaChainPem, TEST_ROOT, tlsFixture } from "../support/tls-fixtures.ts";

const HOST = "old.example-bureau.gov.cn";
const allowed = new Set([HOST]);
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

const fetcherFor = (hosts: string[]) =>
  createFetcher({
    resolve: server.resolve(hosts),
    allowPrivateNetwork: true,
    timeouts: { connectMs: 1000, headersMs: 1500, bodyIdleMs: 1500, totalMs: 3000 },
  });
const asked = (path: string) => server.log.filter((e) => e.path === path).length;

describe("answers a strict parser refuses and a browser reads", () => {
  it.each([
    "bare-lf",
    "folded-header",
    "control-byte",
    "length-and-chunked",
    "chunk-size-space",
    "same-length-twice",
    "length-list",
  ])("reads /malformed/%s, then asks that host the lenient way directly", async (name) => {
    const fetcher = fetcherFor([HOST]);
    try {
      const url = `http://${HOST}/malformed/${name}`;
      const before = asked(`/malformed/${name}`);
      const response = await fetcher.fetch({ url, allowedHosts: allowed });
      expect(response.status).toBe(200);
      expect(new TextDecoder().decode(response.bytes)).toContain("<p>old server</p>");
      expect(response.sha256).toMatch(/^[0-9a-f]{64}$/);
      // Once refused by the strict parser, once read by the lenient one.
      expect(asked(`/malformed/${name}`) - before).toBe(2);
      await fetcher.fetch({ url, allowedHosts: allowed });
      expect(asked(`/malformed/${name}`) - before).toBe(3);
      // The lenient way keeps the usual rules: redirects, caps, status errors.
      const ok = await fetcher.fetch({ url: `http://${HOST}/redirect-ok/`, allowedHosts: allowed });
      expect(ok.finalUrl).toBe(`http://${HOST}/healthy/`);
      const missing = await failure(fetcher.fetch({ url: `http://${HOST}/5xx/`, allowedHosts: allowed }));
      expect(missing).toMatchObject({ kind: "http", status: 500 });
    } finally {
      await fetcher.close();
    }
  });

  it("calls an answer no parser reads a malformed response, not retried, and asks twice at most", async () => {
    const fetcher = fetcherFor([HOST]);
    try {
      const before = asked("/malformed/two-lengths");
      const error = await failure(
        fetcher.fetch({ url: `http://${HOST}/malformed/two-lengths`, allowedHosts: allowed }),
      );
      expect(error).toMatchObject({ kind: "malformed", retryable: false });
      expect(error.message).toContain("malformed HTTP response");
      expect(asked("/malformed/two-lengths") - before).toBe(2);
    } finally {
      await fetcher.close();
    }
  });

  it("tells the office a site answering so is misconfigured, not down", async () => {
    const fetcher = fetcherFor([faultHost("old")]);
    try {
      const bureau = faultBureau(server, "old", "/malformed/two-lengths");
      const crawl = await crawlBureau(bureau, {
        fetcher,
        state: new MemoryCrawlState(),
        pacing: { minIntervalMs: 1 },
      });
      expect(crawl.status).toBe("unreachable");
      const [finding] = siteUnreachableFindings(bureau, crawl);
      expect(finding?.message).toContain("返回的内容不符合 HTTP 协议");
      expect(finding?.message).toContain("malformed HTTP response");
    } finally {
      await fetcher.close();
    }
  });

  it("still calls a body cut short a retryable network error", async () => {
    const fetcher = fetcherFor([HOST]);
    try {
      const error = await failure(fetcher.fetch({ url: `http://${HOST}/truncated/`, allowedHosts: allowed }));
      expect(error).toMatchObject({ kind: "network", retryable: true });
    } finally {
      await fetcher.close();
    }
  });
});

describe("the lenient way over https", () => {
  const fixture = tlsFixture;
  const TLS_HOST = "tjj.aia.example.gov.cn";
  let tls: TlsServer;
  let port: number;
  beforeAll(async () => {
    // The leaf and its intermediate, answering bare-LF HTTP whatever is asked.
    const chain = aiaChainPem();
    tls = createTlsServer({ cert: chain, key: fixture("aia-leaf-key.pem") }, (socket) => {
      socket.once("data", () => socket.end(MALFORMED["/malformed/bare-lf"] ?? ""));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    port = (tls.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tls.close(() => resolve()));
  });

  it("reads the page when the certificate verifies", async () => {
    const url = `https://${TLS_HOST}/`;
    const fetcher = createFetcher({
      resolve: { [TLS_HOST]: `127.0.0.1:${port}` },
      allowPrivateNetwork: true,
      extraRoots: [TEST_ROOT],
    });
    try {
      const response = await fetcher.fetch({ url, allowedHosts: new Set([TLS_HOST]) });
      expect(new TextDecoder().decode(response.bytes)).toContain("<p>old server</p>");
    } finally {
      await fetcher.close();
    }
  });

  it.each([
    ["a root it does not trust", TLS_HOST, undefined],
    ["a certificate for another name", "other.example.gov.cn", [TEST_ROOT]],
  ])("refuses %s, as the usual way does", async (_, host, ca) => {
    // The pools a fetcher uses, with the host already sent the lenient way.
    const pools = createPools({
      resolve: { [host]: `127.0.0.1:${port}` },
      allowPrivate: true,
      connectMs: 1000,
      headersMs: 1000,
      bodyIdleMs: 1000,
      userAgent: "test",
      ...(ca ? { extraRoots: ca } : {}),
    });
    const target = new URL(`https://${host}/`);
    pools.markLenient(target);
    const url = `https://${host}/`;
    const ask = (acceptInvalidCertificates: boolean) =>
      exchange({
        dispatcher: pools.dispatcherFor(target, undefined, acceptInvalidCertificates),
        origin: `https://${host}`,
        path: "/",
        headers: [],
        url,
        currentUrl: url,
        control: new FetchControl(),
        plan: () => ({ read: true, maxBytes: 1_000_000, onTooLarge: "error" }),
        subject: null,
      });
    await expect(ask(false)).rejects.toMatchObject({ kind: "tls" });
    // And with the certificate accepted (the registry's flag), the same way reads the page.
    expect(new TextDecoder().decode((await ask(true)).bytes)).toContain("<p>old server</p>");
    await pools.close();
  });
});
