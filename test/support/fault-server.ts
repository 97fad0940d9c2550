// A real HTTP server on 127.0.0.1 (ephemeral port) that misbehaves on purpose, for crawler tests.
// Bureaus get their own host names (resolved to this server through the registry's `resolve`), so
// robots.txt and pacing are per host as in production. Big bodies are generated while streaming.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher, type Fetcher } from "../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { BureauCrawl, CrawlStateStore } from "../../shared/domain/crawl.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { GBK_QUERY_FILES, MALFORMED, page, REPORT_TITLE, STATIC, type StaticPages } from "./fault-pages.ts";

export { htmlFile, MALFORMED, REPORT_TITLE, type StaticPages } from "./fault-pages.ts";

export interface FaultServer {
  port: number;
  /** http://<host> — the URL keeps the host name and no port; `resolve` sends it here. */
  origin(host: string): string;
  /** Registry-style resolve map for these host names. */
  resolve(hosts: readonly string[]): Record<string, string>;
  /** Requests seen, as "host path" strings, with the status answered. */
  log: {
    host: string;
    path: string;
    status: number;
    headers: IncomingMessage["headers"];
    method?: string;
    /** A POST's form, as received. */
    form?: string;
  }[];
  /** Bytes actually written for the big-body routes (proves streaming stopped early). */
  bytesSent: Map<string, number>;
  /** Most requests ever in flight at once, per host name. */
  maxInFlight: Map<string, number>;
  /** Hosts with a /slow/ answer still trickling (the client has not hung up). */
  trickling: Set<string>;
  close(): Promise<void>;
}

/** The host name a fault bureau called `name` is crawled under (resolved to the server). */
export const faultHost = (name: string) => `${name}.bureau.test`;

/** A registry entry for a bureau on the fault server whose listing is `listingPath`. */
export function faultBureau(server: FaultServer, name: string, listingPath: string): Bureau {
  const origin = server.origin(faultHost(name));
  return {
    id: `b-${name}`,
    name: `示例市${name}局`,
    regionCode: "320100",
    agencyType: "department",
    supervisor: "office",
    site: `${origin}/`,
    listings: [`${origin}${listingPath}`],
  };
}

const GZIP_MEMBER = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });

function streamBig(res: ServerResponse, key: string, sent: Map<string, number>, next: () => Buffer | null) {
  sent.set(key, 0);
  const pump = () => {
    let chunk = next();
    while (chunk) {
      sent.set(key, (sent.get(key) ?? 0) + chunk.length);
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
      chunk = next();
    }
    res.end();
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
}

/** `pages`: more static pages (path → page) a test serves beside the built-in ones. */
export async function startFaultServer(pages: StaticPages = {}): Promise<FaultServer> {
  const statics: StaticPages = { ...STATIC, ...pages };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log: FaultServer["log"] = [];
  const bytesSent = new Map<string, number>();
  const hits = new Map<string, number>();
  const trickling = new Set<string>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();

  const server = createServer((req, res) => {
    if (req.method !== "POST") return handle(req, res);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });

  function handle(req: IncomingMessage, res: ServerResponse, form?: string) {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const count = (hits.get(`${host}${path}`) ?? 0) + 1;
    hits.set(`${host}${path}`, count);
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, inFlight.get(host)!));
    res.on("close", () => inFlight.set(host, (inFlight.get(host) ?? 1) - 1));
    const answer = (
      status: number,
      headers: Record<string, string | number> = {},
      body?: string | Buffer,
    ) => {
      log.push({
        host,
        path,
        status,
        headers: req.headers,
        method: req.method ?? "GET",
        ...(form === undefined ? {} : { form }),
      });
      res.writeHead(status, headers);
      res.end(body);
    };

    if (path === "/robots.txt") {
      if (host.startsWith("robots503.")) return answer(503, { "retry-after": "1" }, "busy");
      if (host.startsWith("norobots.")) return answer(404, {}, "not found");
      // A site on a shared platform: its robots.txt is the platform's, on another host.
      if (host.startsWith("robotsmoved."))
        return answer(301, { location: `http://${faultHost("robotshome")}/platform-robots.txt` });
      if (host.startsWith("robotshang.")) {
        log.push({ host, path, status: 0, headers: req.headers });
        return; // never answers; closed by close()
      }
      return answer(200, { "content-type": "text/plain" }, "User-agent: *\nDisallow: /private/\n");
    }
    const file = statics[path];
    if (file) {
      const params = new URL(req.url ?? "/", "http://fault.test").searchParams;
      for (const [name, value] of new URLSearchParams(form ?? "")) params.append(name, value);
      const body = file.body(params, req.method ?? "GET");
      const status = file.status?.(params, req.method ?? "GET") ?? 200;
      if (status !== 200) return answer(status, { "content-type": file.type }, body);
      const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
      const lastModified = "Mon, 15 Jan 2024 08:00:00 GMT";
      if (req.headers["if-none-match"] === etag) return answer(304, { etag, "last-modified": lastModified });
      return answer(
        200,
        { "content-type": file.type, etag, "last-modified": lastModified, ...file.headers },
        body,
      );
    }
    if (path.startsWith("/timeout/")) {
      log.push({ host, path, status: 0, headers: req.headers });
      return; // never answers; closed by close()
    }
    if (path.startsWith("/reset/")) {
      log.push({ host, path, status: 0, headers: req.headers });
      req.socket.destroy();
      return;
    }
    if (path.startsWith("/5xx/")) return answer(500, { "content-type": "text/plain" }, "internal error");
    if (path === "/gbk-query/download.aspx") {
      const name = /(?:^|&)name=([^&]*)/.exec((req.url ?? "").split("?")[1] ?? "")?.[1] ?? "";
      const file = GBK_QUERY_FILES[name];
      return file
        ? answer(200, { "content-type": file.type }, file.body)
        : answer(404, { "content-type": "text/plain" }, `no file named ${name}`);
    }
    // /status/NNN/…: that status, for the statuses no other path stands for.
    const status = /^\/status\/([1-5]\d\d)\//.exec(path)?.[1];
    if (status) return answer(Number(status), { "content-type": "text/plain" }, `status ${status}`);
    // A bot-protection firewall (瑞数-style): 412 and a script that sets a cookie and reloads.
    if (path.startsWith("/412/"))
      return answer(
        412,
        { "content-type": "text/html" },
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><script>var _$a="x";document.cookie="FSSBBIl1UgzbN7N80S=1";location.reload();</script></head></html>',
      );
    // A 加速乐-style firewall: 521 and a script that computes a cookie and reloads. A plain 521 (an origin
    // that is down, as Cloudflare says it) is /status/521/.
    if (path.startsWith("/521-challenge/"))
      return answer(
        521,
        { "content-type": "text/html" },
        "<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e')+('=')+(-~[]+'')+'|0|'+'x'+';max-age=3600;path=/';location.href=location.pathname+location.search</script></body></html>",
      );
    if (path.startsWith("/429/")) return answer(429, { "retry-after": "1" }, "slow down");
    if (path === "/429-once/") {
      if (count === 1) return answer(429, { "retry-after": "1" }, "slow down");
      // An empty column, as real ones are: the site's navigation and no entry yet.
      const nav = '<a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/lxwm/">联系我们</a>';
      return answer(200, { "content-type": "text/html; charset=utf-8" }, page("年报", `${nav}<p>暂无</p>`));
    }
    if (path.startsWith("/redirect-loop/")) {
      const next = path.endsWith("/a")
        ? "/redirect-loop/b"
        : path.endsWith("/b")
          ? "/redirect-loop/"
          : "/redirect-loop/a";
      return answer(302, { location: next });
    }
    // Answers a strict HTTP/1.1 parser refuses and a browser reads (and one nobody reads), written raw.
    const malformed = MALFORMED[path];
    if (malformed) {
      log.push({ host, path, status: 200, headers: req.headers, method: req.method ?? "GET" });
      req.socket.end(malformed);
      return;
    }
    // A file server that refuses hotlinks (防盗链): only a request from a page of the same host gets the file.
    if (path.startsWith("/hotlink/")) {
      const referer = req.headers.referer ?? "";
      if (!URL.canParse(referer) || new URL(referer).host !== req.headers.host)
        return answer(403, { "content-type": "text/html" }, "<h1>403 Forbidden</h1>");
      return answer(200, { "content-type": "application/pdf" }, "%PDF-1.4\n% a report\n%%EOF\n");
    }
    // A cookie check (a firewall's, a Java CMS's session): without the cookie, a 302 back to the same
    // page that sets it.
    if (path.startsWith("/cookie-check/")) {
      if (/(?:^|;\s*)gate=ok(?:;|$)/.test(req.headers.cookie ?? ""))
        return answer(200, { "content-type": "text/html; charset=utf-8" }, page("年报", "<p>passed</p>"));
      return answer(302, { location: path, "set-cookie": "gate=ok; Path=/; HttpOnly" });
    }
    // One that sets the same cookie and sends back to the same page whatever it is sent: still a loop.
    if (path.startsWith("/cookie-loop/"))
      return answer(302, { location: path, "set-cookie": "gate=again; Path=/" });
    if (path.startsWith("/redirect-ok/")) return answer(301, { location: "/healthy/" });
    // A redirect to a Chinese path, written in the Location header as raw UTF-8 bytes (as servers do).
    if (path === "/redirect-utf8/")
      return answer(301, { location: Buffer.from("/年报/", "utf8").toString("latin1") });
    if (path === "/%E5%B9%B4%E6%8A%A5/")
      return answer(200, { "content-type": "text/html; charset=utf-8" }, page("年报", "<p>年报栏目</p>"));
    // A site moved to its www. twin (or back): the same site under the other name.
    if (path.startsWith("/redirect-www/")) {
      const [name = "", port] = (req.headers.host ?? "").split(":");
      const twin = name.startsWith("www.") ? name.slice(4) : `www.${name}`;
      return answer(301, { location: `http://${twin}${port ? `:${port}` : ""}/healthy/` });
    }
    if (path.startsWith("/redirect-offsite/")) return answer(302, { location: "http://evil.example.com/" });
    if (path.startsWith("/echo/")) {
      return answer(
        200,
        { "content-type": "application/json" },
        JSON.stringify({
          host: req.headers.host,
          ua: req.headers["user-agent"],
          method: req.method,
          contentType: req.headers["content-type"],
          referer: req.headers.referer,
          requestedWith: req.headers["x-requested-with"],
          form: form ?? null,
        }),
      );
    }
    // A redirect of either kind (/redirect-to-echo/302, /redirect-to-echo/307) to /echo/.
    const toEcho = /^\/redirect-to-echo\/(30[1-8])$/.exec(path);
    if (toEcho) return answer(Number(toEcho[1]), { location: "/echo/" });
    // "deflate" as the RFC means it (zlib-wrapped), and as old IIS servers send it (raw).
    if (path.startsWith("/deflate/") || path.startsWith("/deflate-raw/")) {
      const html = Buffer.from(page("deflate", `<p>${REPORT_TITLE(2019)}</p>`));
      const body = path.startsWith("/deflate-raw/") ? deflateRawSync(html) : deflateSync(html);
      return answer(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "deflate" }, body);
    }
    if (path.startsWith("/gzip/")) {
      const body = gzipSync(Buffer.from(page("gz", `<p>${REPORT_TITLE(2019)}</p>`)));
      return answer(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" }, body);
    }
    log.push({ host, path, status: 200, headers: req.headers });
    if (path.startsWith("/slow/")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      const timer = setInterval(() => res.write("."), 50);
      timers.add(timer);
      trickling.add(host);
      res.on("close", () => {
        clearInterval(timer);
        trickling.delete(host);
      });
      return;
    }
    if (path.startsWith("/truncated/")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": 10_000 });
      res.write("<html><body>only the beginning");
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (path.startsWith("/huge/")) {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = (200 * 1024 * 1024) / chunk.length;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return streamBig(res, "huge", bytesSent, () => (left-- > 0 ? chunk : null));
    }
    if (path.startsWith("/gzip-bomb/")) {
      let left = 256; // 256 × 16 MiB of zeros = 4 GiB once inflated
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" });
      return streamBig(res, "gzip-bomb", bytesSent, () => (left-- > 0 ? GZIP_MEMBER : null));
    }
    const trap = /^\/trap\/page\/(\d+)$/.exec(path);
    if (path === "/trap/" || trap) {
      const n = Number(trap?.[1] ?? 0);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        page(
          `第${n}页`,
          `<a href="/trap/page/${n + 1}">下一页</a>${n === 0 ? `<a href="/healthy/2022/report.html">${REPORT_TITLE(2022)}</a>` : ""}`,
        ),
      );
      return;
    }
    log[log.length - 1]!.status = 404;
    res.writeHead(404).end("not found");
  }
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    log,
    bytesSent,
    maxInFlight,
    trickling,
    origin: (host) => `http://${host}`,
    resolve: (hosts) => Object.fromEntries(hosts.map((h) => [h, `127.0.0.1:${port}`])),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A fault server with `pages` and a fetcher that resolves `hosts` to it, for a test file: started before
 * its tests, closed after them. Read `server` and `fetcher` inside tests (they exist once started).
 */
export function useFaultSites(hosts: readonly string[], pages: StaticPages = {}) {
  const sites = {
    /** One crawl of the bureau `name` from its listing, as the crawl tests run it (1 ms pacing). */
    crawl: (name: string, listingPath: string, state: CrawlStateStore = new MemoryCrawlState()) =>
      crawlBureau(faultBureau(sites.server, name, listingPath), {
        fetcher: sites.fetcher,
        state,
        pacing: { minIntervalMs: 1 },
      }),
  } as {
    server: FaultServer;
    fetcher: Fetcher;
    crawl(name: string, listingPath: string, state?: CrawlStateStore): Promise<BureauCrawl>;
  };
  beforeAll(async () => {
    sites.server = await startFaultServer(pages);
    sites.fetcher = createFetcher({ resolve: sites.server.resolve(hosts), allowPrivateNetwork: true });
  });
  afterAll(async () => {
    await sites.fetcher?.close();
    await sites.server?.close();
  });
  return sites;
}
