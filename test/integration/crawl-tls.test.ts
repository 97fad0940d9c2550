// Government sites often serve https with a certificate that does not verify (expired, self-signed, an
// incomplete chain). Over real TLS on 127.0.0.1: such a site is not crawled by default, and the error line
// and the office's site-unreachable finding say it is the certificate; a bureau the registry marks
// `acceptInvalidCertificates` is read all the same.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher, type Fetcher } from "../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { siteUnreachableFindings } from "../../shared/cycle/site-health.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { TLS_NOT_FOUND, TLS_SITE_PAGES, tlsFixture } from "../support/tls-fixtures.ts";

const HOST = "tjj.tls.example.gov.cn";
interface TlsSite {
  server: Server;
  port: number;
  requests: string[];
}

async function startTlsSite(certificate: "self-signed" | "expired"): Promise<TlsSite> {
  const requests: string[] = [];
  const server = createServer(
    {
      key: tlsFixture(`${certificate}-key.pem`),
      cert: tlsFixture(`${certificate}-cert.pem`),
    },
    (req, res) => {
      requests.push(req.url ?? "");
      const body = TLS_SITE_PAGES[req.url ?? ""];
      res.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      res.end(body ?? TLS_NOT_FOUND);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

function bureau(extra: Partial<Bureau> = {}): Bureau {
  return {
    id: "tls-tjj",
    name: "示例市统计局",
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `https://${HOST}/`,
    listings: [`https://${HOST}/nb/`],
    ...extra,
  };
}

describe.each(["self-signed", "expired"] as const)("a site with a %s certificate", (certificate) => {
  let site: TlsSite;
  let fetcher: Fetcher;
  beforeAll(async () => {
    site = await startTlsSite(certificate);
    fetcher = createFetcher({ resolve: { [HOST]: `127.0.0.1:${site.port}` }, allowPrivateNetwork: true });
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise<void>((resolve) => site.server.close(() => resolve()));
  });

  it("is not crawled by default, and the crawl and the office are told it is the certificate", async () => {
    const before = site.requests.length;
    const crawl = await crawlBureau(bureau(), {
      fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1 },
    });
    expect(crawl.status).toBe("unreachable");
    expect(crawl.documents).toEqual([]);
    // Nothing was sent over a connection whose certificate was refused.
    expect(site.requests.length).toBe(before);
    const reason = certificate === "expired" ? /: it has expired/ : /: it is self-signed/;
    const line = crawl.errors.find((e) => e.includes("TLS certificate not accepted"));
    expect(line, crawl.errors.join("\n")).toMatch(reason);
    expect(line).toContain(`for ${HOST}`);
    expect(line).toContain('"acceptInvalidCertificates": true');
    const [finding] = siteUnreachableFindings(bureau(), crawl);
    expect(finding?.message).toContain("安全证书无法通过验证");
  });

  it("is read when the registry accepts its certificate", async () => {
    const crawl = await crawlBureau(bureau({ acceptInvalidCertificates: true }), {
      fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1 },
    });
    expect(crawl.errors).toEqual([]);
    expect(crawl.status).toBe("ok");
    expect(crawl.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`https://${HOST}/nb/2024/t1.html`, 2024],
      [`https://${HOST}/nb/2023/t2.html`, 2023],
    ]);
  });
});
