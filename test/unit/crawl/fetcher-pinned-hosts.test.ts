// Host names the registry pins (`resolve`) to one address share that server's connections over plain
// HTTP, each request still naming its own host; politeness stays one request in flight per host name.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlAll } from "../../../shared/crawl/crawl-all.ts";
import { createFetcher } from "../../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../../shared/crawl/memory-state.ts";
import type { Bureau } from "../../../shared/domain/registry.ts";

const HOSTS = Array.from({ length: 12 }, (_, i) => `b${i}.pinned.test`);
const TITLE = "示例市统计局2023年政府信息公开工作年度报告";
let port = 0;
let connections = 0;
const seen: { host: string; path: string }[] = [];
const inFlight = new Map<string, number>();
let maxInFlightPerHost = 0;
const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  const host = (req.headers.host ?? "").split(":")[0] ?? "";
  const path = req.url ?? "/";
  seen.push({ host, path });
  inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
  maxInFlightPerHost = Math.max(maxInFlightPerHost, inFlight.get(host)!);
  await new Promise((resolve) => setTimeout(resolve, 2));
  inFlight.set(host, inFlight.get(host)! - 1);
  const body =
    path === "/robots.txt"
      ? "User-agent: *\nDisallow: /private/\n"
      : path === "/nb/"
        ? `<meta charset="utf-8"><a href="/nb/2023.html">${TITLE}</a>`
        : `<meta charset="utf-8"><h1>${TITLE}</h1><p>${host}</p>`;
  res.writeHead(200, { "content-type": path.endsWith(".txt") ? "text/plain" : "text/html; charset=utf-8" });
  res.end(body);
});
server.on("connection", () => connections++);

function bureau(host: string): Bureau {
  return {
    id: host.split(".")[0]!,
    name: host,
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `http://${host}/`,
    listings: [`http://${host}/nb/`],
  };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("hosts pinned to one address", () => {
  it("share connections, each request with its own Host, one request at a time per host", async () => {
    const fetcher = createFetcher({
      resolve: Object.fromEntries(HOSTS.map((h) => [h, `127.0.0.1:${port}`])),
      allowPrivateNetwork: true,
    });
    try {
      const { results } = await crawlAll(
        HOSTS.map(bureau),
        { fetcher, state: new MemoryCrawlState(), pacing: { minIntervalMs: 0 } },
        { concurrency: 3 },
      );
      for (const [i, result] of results.entries()) {
        expect(result.status).toBe("ok");
        const text = new TextDecoder().decode(result.documents[0]?.bytes);
        expect(text).toContain(HOSTS[i]);
      }
      // robots.txt, listing and report for every host, each asked under its own name.
      for (const host of HOSTS) {
        expect(seen.filter((s) => s.host === host).map((s) => s.path)).toEqual([
          "/robots.txt",
          "/nb/",
          "/nb/2023.html",
        ]);
      }
      expect(maxInFlightPerHost).toBe(1);
      // Three bureaus at a time need at most a few connections, not one handshake per host.
      expect(connections).toBeLessThan(HOSTS.length);
    } finally {
      await fetcher.close();
    }
  });
});
