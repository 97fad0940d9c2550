// One local HTTP server for all sample sites: dispatches on the Host header, answers conditional
// requests (ETag / Last-Modified → 304), serves robots.txt per host and 404 for anything else.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "../../../shared/domain/registry.ts";
import { buildSampleSites, type SiteFile, type SiteFiles } from "./build-sites.ts";
import { sampleRegistry } from "./registry.ts";

export { buildSampleSites, createSampleSites, type SiteFile, type SiteFiles } from "./build-sites.ts";
export { sampleRegistry } from "./registry.ts";

export interface SampleRequest {
  host: string;
  path: string;
  method: string;
  status: number;
  /** When the request arrived (ms since the epoch): tests check the gaps between two to one host. */
  at: number;
}

export interface SampleSitesServer {
  port: number;
  registry: Registry;
  /** Every request answered so far, in order (tests check what a crawler did or did not fetch). */
  requests: SampleRequest[];
  close(): Promise<void>;
}

const etags = new WeakMap<SiteFile, string>();

function etagOf(file: SiteFile): string {
  let tag = etags.get(file);
  if (!tag) {
    tag = `"${createHash("sha256").update(file.body).digest("hex").slice(0, 20)}"`;
    etags.set(file, tag);
  }
  return tag;
}

function hostOf(request: IncomingMessage): string {
  const raw = (request.headers.host ?? "").trim().toLowerCase();
  // "[::1]:8080" keeps its brackets; "name:port" loses the port.
  return raw.startsWith("[") ? raw.slice(0, raw.indexOf("]") + 1) : (raw.split(":")[0] ?? "");
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? "/";
  if (!url.startsWith("http://") && !url.startsWith("https://")) return url.split(/[?#]/)[0] || "/";
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

function notModified(request: IncomingMessage, file: SiteFile, etag: string): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((t) => t.trim().replace(/^W\//, ""))
      .some((t) => t === etag || t === "*");
  }
  const ifModifiedSince = request.headers["if-modified-since"];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Date.parse(file.lastModified) <= since;
}

function respond(files: SiteFiles, request: IncomingMessage, response: ServerResponse): number {
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" });
    response.end("method not allowed");
    return 405;
  }
  const file = files[hostOf(request)]?.[pathOf(request)];
  if (!file) {
    const body = "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>";
    response.writeHead(404, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body) });
    response.end(method === "HEAD" ? undefined : body);
    return 404;
  }
  const etag = etagOf(file);
  const validators = { ETag: etag, "Last-Modified": file.lastModified, "Cache-Control": "max-age=0" };
  if (notModified(request, file, etag)) {
    response.writeHead(304, validators);
    response.end();
    return 304;
  }
  response.writeHead(200, {
    ...validators,
    "Content-Type": file.contentType,
    "Content-Length": file.body.byteLength,
  });
  response.end(method === "HEAD" ? undefined : file.body);
  return 200;
}

/**
 * Starts the sample sites on 127.0.0.1 (an ephemeral port unless one is given). Tests may pass their own
 * file set (from createSampleSites()) and change it between cycles: it is read on every request.
 */
export async function startSampleSites(
  opts: { port?: number; files?: SiteFiles } = {},
): Promise<SampleSitesServer> {
  const files = opts.files ?? buildSampleSites();
  const requests: SampleRequest[] = [];
  const server = createServer((request, response) => {
    const arrivedAt = Date.now();
    let status: number;
    try {
      status = respond(files, request, response);
    } catch {
      status = 500;
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end("internal error");
    }
    requests.push({
      host: hostOf(request),
      path: pathOf(request),
      method: request.method ?? "GET",
      status,
      at: arrivedAt,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    registry: sampleRegistry(port),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
