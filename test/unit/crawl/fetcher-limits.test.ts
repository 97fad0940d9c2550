// The fetcher's limits on undici's dispatch API: one shared timer enforces the total time limit
// (across redirects too), the caller's signal stops a transfer, and a capped body (robots.txt) is cut
// at the cap whether or not it was compressed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../../../shared/crawl/fetcher.ts";
import { type FaultServer, startFaultServer } from "../../support/fault-server.ts";
import { failure } from "../../support/fetch-failure.ts";

const HOST = "www.example-bureau.gov.cn";
const allowed = new Set([HOST]);
let server: FaultServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startFaultServer();
  fetcher = createFetcher({
    resolve: server.resolve([HOST]),
    allowPrivateNetwork: true,
    timeouts: { connectMs: 2000, headersMs: 5000, bodyIdleMs: 5000, totalMs: 400 },
  });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe("fetcher limits", () => {
  it("stops a body that keeps trickling in at the total time limit, as a retryable timeout", async () => {
    const slow = await failure(fetcher.fetch({ url: `http://${HOST}/slow/`, allowedHosts: allowed }));
    expect([slow.kind, slow.retryable]).toEqual(["timeout", true]);
    const silent = await failure(fetcher.fetch({ url: `http://${HOST}/timeout/`, allowedHosts: allowed }));
    expect(silent.kind).toBe("timeout");
  });

  it("stops when the caller aborts, before or during the transfer", async () => {
    const early = new AbortController();
    early.abort();
    const before = await failure(
      fetcher.fetch({ url: `http://${HOST}/healthy/`, allowedHosts: allowed, signal: early.signal }),
    );
    expect(before.kind).toBe("aborted");
    const late = new AbortController();
    setTimeout(() => late.abort(), 50);
    const during = await failure(
      fetcher.fetch({ url: `http://${HOST}/slow/`, allowedHosts: allowed, signal: late.signal }),
    );
    expect(during.kind).toBe("aborted");
  });

  it("cuts a capped body at the cap instead of failing, plain or compressed", async () => {
    const plain = await fetcher.fetch({
      url: `http://${HOST}/huge/`,
      allowedHosts: allowed,
      maxBytes: 1000,
      truncate: true,
    });
    expect(plain.bytes.length).toBe(1000);
    const gz = await fetcher.fetch({ url: `http://${HOST}/gzip/`, allowedHosts: allowed });
    const cut = await fetcher.fetch({
      url: `http://${HOST}/gzip/`,
      allowedHosts: allowed,
      maxBytes: 20,
      truncate: true,
    });
    expect(Buffer.from(cut.bytes).toString("latin1")).toBe(
      Buffer.from(gz.bytes.subarray(0, 20)).toString("latin1"),
    );
    const bomb = await fetcher.fetch({
      url: `http://${HOST}/gzip-bomb/`,
      allowedHosts: allowed,
      maxBytes: 64 * 1024,
      truncate: true,
    });
    expect(bomb.bytes.length).toBe(64 * 1024);
  });

  it("keeps serving after failures: the connection pool is left healthy", async () => {
    const ok = await fetcher.fetch({ url: `http://${HOST}/healthy/`, allowedHosts: allowed });
    expect(ok.status).toBe(200);
    expect(ok.bytes.length).toBeGreaterThan(100);
  });
});
