// The one HTTP client of the crawler (DESIGN §7): undici with a connector that honours the registry's
// `resolve` map (the URL and Host header keep the real host name), refuses private addresses unless
// allowed, only http(s) and allowed hosts, ≤ 5 re-checked redirects, capped decompressed bodies, four
// timeouts, a declared User-Agent, conditional GET, and the sha256 of the bytes. As a browser, it keeps
// cookies per host, completes a certificate chain sent incomplete (chain-completion.ts) and reads what
// only a lenient parser reads (lenient-http.ts).
import { hash } from "node:crypto";
import {
  BOT_CHALLENGE,
  CHALLENGE_BODY_BYTES,
  CHALLENGE_STATUSES,
  isCookieChallenge,
} from "./bot-challenge.ts";
import { isIncompleteChain } from "./chain-completion.ts";
import { createPools } from "./connection-pools.ts";
import { CookieJar } from "./cookie-jar.ts";
import { Deadlines } from "./deadlines.ts";
import { FetchError, toFetchError } from "./errors.ts";
import { type BodyPlan, type Exchanged, exchange, FetchControl, type ResponseHead } from "./exchange.ts";
import type { Fetcher, FetcherOptions, FetchRequest, FetchResponse } from "./fetch-types.ts";
import { parseRetryAfter } from "./pacing.ts";

export const DEFAULT_CONTACT_URL = "https://github.com/gov-disclosure-monitor/gov-disclosure-monitor";
export const USER_AGENT_TOKEN = "gov-disclosure-monitor";

export type { Fetcher, FetcherOptions, FetchRequest, FetchResponse } from "./fetch-types.ts";

const DOCUMENT_TYPE = /pdf|msword|officedocument|wps|ofd|octet-stream|zip/i;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** `redirected`: the server sent us here, so the error says where from and what the registry can do. */
function checkUrl(url: URL, request: FetchRequest, redirected: boolean): void {
  const via = redirected ? `redirected to ${url.href}: ` : "";
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("disallowed-scheme", url.href, `${via}only http(s) is fetched: ${url.href}`, {
      retryable: false,
    });
  }
  if (!(redirected && request.redirectsOffSite) && !request.allowedHosts.has(url.hostname.toLowerCase())) {
    const hint = redirected ? ` (the registry's "hosts" can allow it if it is the bureau's)` : "";
    throw new FetchError(
      "disallowed-host",
      url.href,
      `${via}host not allowed for this bureau: ${url.hostname}${hint}`,
      { retryable: false },
    );
  }
}

function abortError(): Error {
  return Object.assign(new Error("This operation was aborted"), { name: "AbortError" });
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
  const pools = createPools({
    resolve: options.resolve ?? {},
    allowPrivate,
    connectMs: timeouts.connectMs,
    headersMs: timeouts.headersMs,
    bodyIdleMs: timeouts.bodyIdleMs,
    userAgent,
    ...(options.extraRoots ? { extraRoots: options.extraRoots } : {}),
  });
  const deadlines = new Deadlines(timeouts.totalMs);
  const cookies = new CookieJar(now);
  const cookieFor = (url: URL) => cookies.header(url.hostname, url.protocol === "https:");
  // The same for every request: built once.
  const constantHeaders = [
    "user-agent",
    userAgent,
    "accept",
    "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8",
    "accept-encoding",
    "gzip, deflate, br",
    "accept-language",
    "zh-CN,zh;q=0.9",
  ];

  function headersFor(
    request: FetchRequest,
    current: URL,
    first: boolean,
    pinned: boolean,
    posting: boolean,
    cookie: string | undefined,
  ) {
    const headers = pinned ? ["host", current.host, ...constantHeaders] : [...constantHeaders];
    if (request.referer) headers.push("referer", request.referer);
    if (cookie) headers.push("cookie", cookie);
    // As the page's script (jQuery's ajax) sends it: some sites answer a column's records to nothing else.
    if (posting)
      headers.push(
        "content-type",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "x-requested-with",
        "XMLHttpRequest",
      );
    if (request.form) return headers;
    if (first && request.etag) headers.push("if-none-match", request.etag);
    if (first && request.lastModified) headers.push("if-modified-since", request.lastModified);
    return headers;
  }

  /** Redirects, 304 and errors are drained; a 2xx body is read under its cap. */
  function planBody(request: FetchRequest, head: ResponseHead): BodyPlan {
    const status = head.status;
    if (CHALLENGE_STATUSES.has(status))
      return { read: true, maxBytes: CHALLENGE_BODY_BYTES, onTooLarge: "truncate" };
    if ((REDIRECT_STATUSES.has(status) && head.location) || status < 200 || status >= 300) {
      return { read: false };
    }
    const isDocument = request.kind === "document" || DOCUMENT_TYPE.test(head.contentType ?? "");
    const maxBytes = request.maxBytes ?? (isDocument ? caps.document : caps.page);
    const declared = Number(head.contentLength);
    const encoded = (head.contentEncoding ?? "identity") !== "identity";
    if (!request.truncate && !encoded && Number.isFinite(declared) && declared > maxBytes) {
      return {
        fail: new FetchError("too-large", request.url, `body of ${declared} bytes exceeds ${maxBytes}`, {
          retryable: false,
          status,
        }),
      };
    }
    return { read: true, maxBytes, onTooLarge: request.truncate ? "truncate" : "error" };
  }

  /**
   * A certificate chain the host sent incomplete: returns once its missing issuer is learned (as a
   * browser learns it), for the request to go again; else throws the TLS error, saying why not.
   */
  async function completeChain(error: unknown, url: URL, request: FetchRequest): Promise<void> {
    if (url.protocol !== "https:" || request.acceptInvalidCertificates || !isIncompleteChain(error))
      throw error;
    const why = await pools.completeChain(url);
    // The exchange has already made it a FetchError: made again from its cause, with why not.
    const raw = error instanceof FetchError && error.cause !== undefined ? error.cause : error;
    if (why !== undefined) throw toFetchError(raw, request.url, false, why);
  }

  return {
    userAgentToken: USER_AGENT_TOKEN,
    async fetch(request) {
      const control = new FetchControl();
      const deadline = deadlines.add(control);
      const signal = request.signal;
      const onAbort = signal && (() => control.stop(abortError()));
      if (signal?.aborted) control.stop(abortError());
      else if (onAbort) signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const redirects: string[] = [];
        let seen: Set<string> | undefined;
        let current = request.parsedUrl ?? new URL(request.url);
        let chainCompleted = false;
        // The form goes with the first request, and on with a redirect that keeps the method (307/308).
        let form = request.form && new URLSearchParams(request.form as Record<string, string>).toString();
        for (;;) {
          checkUrl(current, request, redirects.length > 0);
          if (current.href.includes("#")) {
            current = new URL(current.href);
            current.hash = "";
          }
          const pinned = pools.pinnedOrigin(current);
          const cookie = cookieFor(current);
          const answer = exchange({
            dispatcher: pools.dispatcherFor(current, pinned, request.acceptInvalidCertificates === true),
            origin: pinned?.origin ?? current.origin,
            ...(pinned?.servername ? { servername: pinned.servername } : {}),
            path: `${current.pathname}${current.search}`,
            headers: headersFor(
              request,
              current,
              redirects.length === 0,
              pinned !== undefined,
              form !== undefined,
              cookie,
            ),
            ...(form === undefined ? {} : { body: form }),
            url: request.url,
            currentUrl: current.href,
            control,
            plan: planBody,
            subject: request,
          });
          let exchanged: Exchanged;
          try {
            exchanged = await answer;
          } catch (error) {
            // An answer only a lenient parser reads (as a browser reads it): the host is asked that way now.
            if (error instanceof FetchError && error.kind === "malformed" && !pools.needsLenient(current)) {
              pools.markLenient(current);
              continue;
            }
            if (chainCompleted) throw error;
            await completeChain(error, current, request);
            chainCompleted = true;
            continue;
          }
          const { head, bytes } = exchanged;
          if (head.setCookies) cookies.store(current.hostname, head.setCookies);
          const status = head.status;
          if (REDIRECT_STATUSES.has(status) && head.location) {
            const next = new URL(head.location, current);
            next.hash = "";
            // Back to an address already asked is a loop unless the cookies it will be asked with have
            // changed since (a site that sets a cookie and sends the reader back to the same page).
            seen ??= new Set([`${current.href}\n${cookie ?? ""}`]);
            const nextVisit = `${next.href}\n${cookieFor(next) ?? ""}`;
            if (redirects.length >= maxRedirects || seen.has(nextVisit)) {
              throw new FetchError(
                "too-many-redirects",
                request.url,
                `redirect loop or > ${maxRedirects} redirects`,
                { retryable: false, status },
              );
            }
            seen.add(nextVisit);
            redirects.push(next.href);
            if (status !== 307 && status !== 308) form = undefined;
            current = next;
            continue;
          }
          if (status === 304 || (status >= 200 && status < 300)) {
            const notModified = status === 304;
            const body = notModified ? new Uint8Array() : (bytes ?? new Uint8Array());
            const response: FetchResponse = {
              url: request.url,
              finalUrl: current.href,
              status,
              notModified,
              bytes: body,
              contentType: head.contentType,
              etag: head.etag,
              lastModified: head.lastModified,
              redirects,
            };
            if (head.refresh !== undefined) response.refresh = head.refresh;
            if (!notModified) response.sha256 = hash("sha256", body, "hex");
            return response;
          }
          const retryAfter = parseRetryAfter(head.retryAfter, now());
          const challenge = CHALLENGE_STATUSES.has(status) && bytes !== undefined && isCookieChallenge(bytes);
          const line = `HTTP ${status}: ${current.href}${challenge ? ` (${BOT_CHALLENGE})` : ""}`;
          throw new FetchError("http", request.url, line, {
            retryable: !challenge && ((status >= 500 && status !== 501) || status === 429 || status === 408),
            status,
            ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
          });
        }
      } catch (error) {
        throw toFetchError(error, request.url, control.timedOut);
      } finally {
        deadlines.clear(deadline);
        if (onAbort) signal?.removeEventListener("abort", onAbort);
      }
    },
    async close() {
      deadlines.close();
      await pools.close();
    },
  };
}
