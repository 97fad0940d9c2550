import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_CHALLENGE } from "../../../shared/crawl/bot-challenge.ts";
import { createFetcher, type Fetcher } from "../../../shared/crawl/fetcher.ts";
import { type FaultServer, startFaultServer } from "../../support/fault-server.ts";
import { failure } from "../../support/fetch-failure.ts";

const HOST = "www.example-bureau.gov.cn";
let server: FaultServer;
let fetcher: Fetcher;
const allowed = new Set([HOST]);

beforeAll(async () => {
  server = await startFaultServer();
  fetcher = createFetcher({
    resolve: server.resolve([HOST]),
    allowPrivateNetwork: true,
    contactUrl: "https://example.org/crawler-contact",
    timeouts: { connectMs: 1000, headersMs: 800, bodyIdleMs: 800, totalMs: 1500 },
    maxBytes: { page: 1024 * 1024, document: 2 * 1024 * 1024 },
  });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe("fetcher", () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [429, true],
    [408, true],
    [501, false],
    [405, false],
    [403, false],
    [404, false],
  ])(
    "calls HTTP %i retryable: %s (501 says the server does not do this, at any time)",
    async (status, retryable) => {
      const error = await failure(
        fetcher.fetch({ url: `http://${HOST}/status/${status}/x`, allowedHosts: allowed }),
      );
      expect(error).toMatchObject({ kind: "http", status, retryable });
    },
  );

  it("connects through `resolve` while keeping the real Host header, and declares a contact URL", async () => {
    const response = await fetcher.fetch({ url: `http://${HOST}/echo/`, allowedHosts: allowed });
    const echoed = JSON.parse(new TextDecoder().decode(response.bytes));
    expect(echoed.host).toBe(HOST);
    expect(echoed.ua).toContain("https://example.org/crawler-contact");
    expect(response.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses loopback addresses unless the registry allows the private network", async () => {
    const strict = createFetcher({ resolve: server.resolve([HOST]) });
    try {
      const error = await failure(strict.fetch({ url: `http://${HOST}/echo/`, allowedHosts: allowed }));
      expect(error.kind).toBe("private-address");
      expect(error.retryable).toBe(false);
      const literal = await failure(
        strict.fetch({ url: `http://127.0.0.1:${server.port}/echo/`, allowedHosts: new Set(["127.0.0.1"]) }),
      );
      expect(literal.kind).toBe("private-address");
    } finally {
      await strict.close();
    }
  });

  it("only fetches http(s) URLs on allowed hosts, also after a redirect", async () => {
    expect((await failure(fetcher.fetch({ url: "ftp://x/", allowedHosts: allowed }))).kind).toBe(
      "disallowed-scheme",
    );
    expect((await failure(fetcher.fetch({ url: "http://other.gov.cn/", allowedHosts: allowed }))).kind).toBe(
      "disallowed-host",
    );
    const offsite = await failure(
      fetcher.fetch({ url: `http://${HOST}/redirect-offsite/`, allowedHosts: allowed }),
    );
    expect(offsite.kind).toBe("disallowed-host");
  });

  it("follows a redirect and reports the final URL; a redirect loop is a permanent error", async () => {
    const ok = await fetcher.fetch({ url: `http://${HOST}/redirect-ok/`, allowedHosts: allowed });
    expect(ok.finalUrl).toBe(`http://${HOST}/healthy/`);
    const loop = await failure(
      fetcher.fetch({ url: `http://${HOST}/redirect-loop/`, allowedHosts: allowed }),
    );
    expect(loop.kind).toBe("too-many-redirects");
    expect(loop.retryable).toBe(false);
  });

  it("reads a Location header's raw UTF-8 bytes as UTF-8, as browsers do", async () => {
    const response = await fetcher.fetch({ url: `http://${HOST}/redirect-utf8/`, allowedHosts: allowed });
    expect(response.status).toBe(200);
    expect(decodeURI(new URL(response.finalUrl).pathname)).toBe("/年报/");
  });

  it("passes a cookie check (a 302 back to the same page that sets a cookie), as a browser does", async () => {
    const before = server.log.length;
    const passed = await fetcher.fetch({ url: `http://${HOST}/cookie-check/x.html`, allowedHosts: allowed });
    expect(passed.status).toBe(200);
    expect(new TextDecoder().decode(passed.bytes)).toContain("passed");
    const asked = server.log.slice(before).filter((e) => e.path === "/cookie-check/x.html");
    expect(asked.map((e) => [e.status, e.headers.cookie])).toEqual([
      [302, undefined],
      [200, "gate=ok"],
    ]);
    // The cookie is kept for the host: the next page needs no detour.
    await fetcher.fetch({ url: `http://${HOST}/cookie-check/y.html`, allowedHosts: allowed });
    expect(server.log.filter((e) => e.path === "/cookie-check/y.html").map((e) => e.status)).toEqual([200]);
  });

  it("still calls it a loop when the cookie a page sets changes nothing", async () => {
    const loop = await failure(fetcher.fetch({ url: `http://${HOST}/cookie-loop/`, allowedHosts: allowed }));
    expect(loop.kind).toBe("too-many-redirects");
    expect(server.log.filter((e) => e.path === "/cookie-loop/").length).toBeLessThanOrEqual(2);
  });

  it("POSTs a form as a page's script does; a 302 goes on as a GET, a 307 keeps the POST", async () => {
    const form = { columnid: "1229230631", webname: "示例市统计局", path: "/" };
    const echo = async (path: string) => {
      const response = await fetcher.fetch({
        url: `http://${HOST}${path}`,
        allowedHosts: allowed,
        form,
        referer: `http://${HOST}/col/col1229230631/index.html`,
        etag: '"stale"',
      });
      return JSON.parse(new TextDecoder().decode(response.bytes));
    };
    const posted = await echo("/echo/");
    expect(posted.method).toBe("POST");
    expect(posted.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(posted.form))).toEqual(form);
    expect(posted.referer).toBe(`http://${HOST}/col/col1229230631/index.html`);
    expect(posted.requestedWith).toBe("XMLHttpRequest");
    const moved = await echo("/redirect-to-echo/302");
    expect([moved.method, moved.form, moved.contentType]).toEqual(["GET", null, undefined]);
    const kept = await echo("/redirect-to-echo/307");
    expect(kept.method).toBe("POST");
    expect(Object.fromEntries(new URLSearchParams(kept.form))).toEqual(form);
  });

  it("classifies HTTP errors: 5xx and 429 retryable (with Retry-After), 404 permanent", async () => {
    const e500 = await failure(fetcher.fetch({ url: `http://${HOST}/5xx/`, allowedHosts: allowed }));
    expect([e500.status, e500.retryable]).toEqual([500, true]);
    const e429 = await failure(fetcher.fetch({ url: `http://${HOST}/429/`, allowedHosts: allowed }));
    expect([e429.status, e429.retryable, e429.retryAfterMs]).toEqual([429, true, 1000]);
    const e404 = await failure(fetcher.fetch({ url: `http://${HOST}/nothing-here`, allowedHosts: allowed }));
    expect([e404.status, e404.retryable]).toEqual([404, false]);
  });

  it("turns timeouts, resets and truncated bodies into retryable errors", async () => {
    for (const path of ["/timeout/", "/reset/", "/truncated/", "/slow/"]) {
      const error = await failure(fetcher.fetch({ url: `http://${HOST}${path}`, allowedHosts: allowed }));
      expect(error.retryable, path).toBe(true);
    }
  });

  it("cuts a 200 MB body and a gzip bomb at the cap, without reading them through", async () => {
    const huge = await failure(fetcher.fetch({ url: `http://${HOST}/huge/`, allowedHosts: allowed }));
    expect(huge.kind).toBe("too-large");
    expect(huge.retryable).toBe(false);
    const bomb = await failure(fetcher.fetch({ url: `http://${HOST}/gzip-bomb/`, allowedHosts: allowed }));
    expect(bomb.kind).toBe("too-large");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.bytesSent.get("huge")).toBeLessThan(50 * 1024 * 1024);
  });

  it("tells a firewall's 521 cookie challenge (加速乐) from a 521 of an origin that is down", async () => {
    const challenge = await failure(
      fetcher.fetch({ url: `http://${HOST}/521-challenge/`, allowedHosts: allowed }),
    );
    expect(challenge).toMatchObject({ status: 521, retryable: false });
    expect(challenge.message).toContain(BOT_CHALLENGE);
    const down = await failure(fetcher.fetch({ url: `http://${HOST}/status/521/`, allowedHosts: allowed }));
    expect(down).toMatchObject({ status: 521, retryable: true });
    expect(down.message).not.toContain(BOT_CHALLENGE);
  });

  it("decompresses gzip and supports conditional GET", async () => {
    const gz = await fetcher.fetch({ url: `http://${HOST}/gzip/`, allowedHosts: allowed });
    expect(new TextDecoder().decode(gz.bytes)).toContain("2019年政府信息公开工作年度报告");
    // Content-Encoding: deflate, zlib-wrapped as the RFC says and raw as old servers send it.
    for (const path of ["/deflate/", "/deflate-raw/"]) {
      const deflated = await fetcher.fetch({ url: `http://${HOST}${path}`, allowedHosts: allowed });
      expect(new TextDecoder().decode(deflated.bytes), path).toContain("2019年政府信息公开工作年度报告");
    }
    const first = await fetcher.fetch({ url: `http://${HOST}/healthy/`, allowedHosts: allowed });
    expect(first.etag).toBeTruthy();
    const again = await fetcher.fetch({
      url: `http://${HOST}/healthy/`,
      allowedHosts: allowed,
      etag: first.etag!,
    });
    expect(again.notModified).toBe(true);
    expect(again.bytes.length).toBe(0);
  });
});
