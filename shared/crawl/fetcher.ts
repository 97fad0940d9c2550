// The one HTTP client of the crawler (DESIGN §7): undici with a connector that honours the registry's
// `resolve` map (the URL and Host header keep the real host name), refuses private addresses unless
// allowed, only http(s) and allowed hosts, ≤ 5 re-checked redirects, capped decompressed bodies, four
// timeouts, a declared User-Agent, conditional GET, and the sha256 of the bytes.
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { parseResolveTarget } from "../registry/schema.ts";
import { AddressNotAllowedError, guardedLookup, isPrivateAddress } from "./address-guard.ts";
import { readBody } from "./body.ts";
import { FetchError, toFetchError } from "./errors.ts";
import { parseRetryAfter } from "./pacing.ts";

export const DEFAULT_CONTACT_URL = "https://github.com/gov-disclosure-monitor/gov-disclosure-monitor";
export const USER_AGENT_TOKEN = "gov-disclosure-monitor";

export interface FetcherOptions {
  /** Full User-Agent; default `gov-disclosure-monitor/0.1 (+<contactUrl>)`. */
  userAgent?: string;
  contactUrl?: string;
  /** host → "address[:port]" (the registry's `resolve`). */
  resolve?: Record<string, string>;
  allowPrivateNetwork?: boolean;
  timeouts?: { connectMs?: number; headersMs?: number; bodyIdleMs?: number; totalMs?: number };
  maxRedirects?: number;
  /** Decompressed body caps in bytes: HTML/text pages and documents (PDF, DOC…). */
  maxBytes?: { page?: number; document?: number };
  /** Clock for Retry-After dates. */
  now?: () => number;
}

export interface FetchRequest {
  url: string;
  /** Host names (lower case) this request and its redirects may touch. */
  allowedHosts: ReadonlySet<string>;
  /** "document" allows the larger cap (PDF, DOC); pages get the HTML cap. */
  kind?: "page" | "document";
  /** Validators from the last visit: sent as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** Overrides the cap; with truncate, a longer body is cut instead of failing (robots.txt). */
  maxBytes?: number;
  truncate?: boolean;
  signal?: AbortSignal;
}

export interface FetchResponse {
  url: string;
  /** After redirects. */
  finalUrl: string;
  status: number;
  notModified: boolean;
  /** Empty when notModified. */
  bytes: Uint8Array;
  /** Of `bytes`; absent when notModified. */
  sha256?: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  redirects: string[];
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResponse>;
  readonly userAgentToken: string;
  close(): Promise<void>;
}

const DOCUMENT_TYPE = /pdf|msword|officedocument|wps|octet-stream|zip/i;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function checkUrl(url: URL, request: FetchRequest): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("disallowed-scheme", url.href, `only http(s) is fetched: ${url.href}`, {
      retryable: false,
    });
  }
  if (!request.allowedHosts.has(url.hostname.toLowerCase())) {
    throw new FetchError("disallowed-host", url.href, `host not allowed for this bureau: ${url.hostname}`, {
      retryable: false,
    });
  }
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const contactUrl = options.contactUrl ?? DEFAULT_CONTACT_URL;
  const userAgent = options.userAgent ?? `${USER_AGENT_TOKEN}/0.1 (+${contactUrl})`;
  const allowPrivate = options.allowPrivateNetwork === true;
  const timeouts = {
    connectMs: 10_000,
    headersMs: 20_000,
    bodyIdleMs: 20_000,
    totalMs: 120_000,
    ...options.timeouts,
  };
  const maxRedirects = options.maxRedirects ?? 5;
  const caps = { page: 10 * 1024 * 1024, document: 50 * 1024 * 1024, ...options.maxBytes };
  const now = options.now ?? Date.now;
  const resolveMap = new Map<string, { address: string; port?: number }>();
  for (const [host, target] of Object.entries(options.resolve ?? {})) {
    const parsed = parseResolveTarget(target);
    if (parsed) resolveMap.set(host.toLowerCase(), parsed);
  }

  const baseConnect = buildConnector({
    timeout: timeouts.connectMs,
    lookup: guardedLookup(allowPrivate),
  } as never);
  const connect: buildConnector.connector = (opts, callback) => {
    const original = opts.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const mapped = resolveMap.get(original);
    const target = mapped?.address ?? original;
    if (!allowPrivate && isIP(target) !== 0 && isPrivateAddress(target)) {
      callback(new AddressNotAllowedError(`${original} is a private address (${target})`), null);
      return;
    }
    baseConnect(
      {
        ...opts,
        hostname: target,
        port: mapped?.port !== undefined ? String(mapped.port) : opts.port,
        // Keep SNI and certificate checks on the real host name.
        servername: opts.servername ?? (isIP(original) === 0 ? original : undefined),
      },
      callback,
    );
  };
  const agent = new Agent({
    connect,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyIdleMs,
    connections: 4,
  });
  // Host names the registry pins to one address are, over plain HTTP, virtual hosts of one server: they
  // share its connections (the Host header names each), as the local stack's hundreds of bureaus do,
  // instead of a handshake per host. Politeness stays per host name (the pacer); HTTPS keeps a pool per
  // host (SNI and certificates). Enough connections that crawl concurrency never queues behind a hang.
  const pinnedAgent = new Agent({
    connect,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyIdleMs,
    connections: 64,
  });
  function pinnedOrigin(url: URL): string | undefined {
    if (url.protocol !== "http:") return undefined;
    const mapped = resolveMap.get(url.hostname.toLowerCase());
    if (!mapped) return undefined;
    const address = isIP(mapped.address) === 6 ? `[${mapped.address}]` : mapped.address;
    return `http://${address}:${mapped.port ?? (url.port || "80")}`;
  }

  async function fetchOnce(request: FetchRequest, signal: AbortSignal): Promise<FetchResponse> {
    const redirects: string[] = [];
    const seen = new Set<string>();
    let current = new URL(request.url);
    for (;;) {
      checkUrl(current, request);
      current.hash = "";
      seen.add(current.href);
      const headers: Record<string, string> = {
        "user-agent": userAgent,
        accept: "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
        "accept-encoding": "gzip, deflate, br",
        "accept-language": "zh-CN,zh;q=0.9",
      };
      if (redirects.length === 0 && request.etag) headers["if-none-match"] = request.etag;
      if (redirects.length === 0 && request.lastModified) headers["if-modified-since"] = request.lastModified;
      const pinned = pinnedOrigin(current);
      if (pinned) headers.host = current.host;
      const response = await (pinned ? pinnedAgent : agent).request({
        origin: pinned ?? current.origin,
        path: `${current.pathname}${current.search}`,
        method: "GET",
        headers,
        signal,
      });
      const status = response.statusCode;
      const header = (name: string) => firstHeader(response.headers[name]);
      if (REDIRECT_STATUSES.has(status) && header("location")) {
        await response.body.dump().catch(() => undefined);
        const next = new URL(header("location")!, current);
        next.hash = "";
        if (redirects.length >= maxRedirects || seen.has(next.href)) {
          throw new FetchError(
            "too-many-redirects",
            request.url,
            `redirect loop or > ${maxRedirects} redirects`,
            {
              retryable: false,
              status,
            },
          );
        }
        redirects.push(next.href);
        current = next;
        continue;
      }
      const base = {
        url: request.url,
        finalUrl: current.href,
        status,
        redirects,
        contentType: header("content-type"),
        etag: header("etag"),
        lastModified: header("last-modified"),
      };
      if (status === 304) {
        await response.body.dump().catch(() => undefined);
        return { ...base, notModified: true, bytes: new Uint8Array() };
      }
      if (status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        const retryAfter = parseRetryAfter(header("retry-after"), now());
        throw new FetchError("http", request.url, `HTTP ${status}: ${current.href}`, {
          retryable: status >= 500 || status === 429 || status === 408,
          status,
          ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
        });
      }
      const isDocument = request.kind === "document" || DOCUMENT_TYPE.test(base.contentType ?? "");
      const maxBytes = request.maxBytes ?? (isDocument ? caps.document : caps.page);
      const declared = Number(header("content-length"));
      const encoded = (header("content-encoding") ?? "identity") !== "identity";
      if (!request.truncate && !encoded && Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        throw new FetchError("too-large", request.url, `body of ${declared} bytes exceeds ${maxBytes}`, {
          retryable: false,
          status,
        });
      }
      const bytes = await readBody(response.body, {
        url: current.href,
        contentEncoding: header("content-encoding"),
        maxBytes,
        onTooLarge: request.truncate ? "truncate" : "error",
      });
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      return { ...base, notModified: false, bytes, sha256 };
    }
  }

  return {
    userAgentToken: USER_AGENT_TOKEN,
    async fetch(request) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeouts.totalMs);
      const onAbort = () => controller.abort();
      request.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        return await fetchOnce(request, controller.signal);
      } catch (error) {
        throw toFetchError(error, request.url, timedOut);
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
      }
    },
    async close() {
      await Promise.all([
        agent.close().catch(() => agent.destroy()),
        pinnedAgent.close().catch(() => pinnedAgent.destroy()),
      ]);
    },
  };
}
