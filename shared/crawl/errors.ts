// Typed fetch failures. `retryable` separates "try again later" (timeouts, resets, 5xx, 429) from
// "this will not change by retrying" (4xx, too large, redirect loops, disallowed hosts).
import type { VisitRecord } from "../domain/crawl.ts";

export type FetchErrorKind =
  | "timeout"
  | "network"
  | "http"
  | "too-large"
  | "too-many-redirects"
  | "disallowed-scheme"
  | "disallowed-host"
  | "private-address"
  | "bad-encoding"
  | "tls"
  | "malformed"
  | "parked"
  | "aborted";

export class FetchError extends Error {
  override readonly name = "FetchError";
  readonly kind: FetchErrorKind;
  readonly url: string;
  readonly retryable: boolean;
  /** HTTP status, or 0 when there was no response. */
  readonly status: number;
  /** From a 429/503 Retry-After header, in milliseconds from when it was received. */
  readonly retryAfterMs?: number;

  constructor(
    kind: FetchErrorKind,
    url: string,
    message: string,
    options: { retryable: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.url = url;
    this.retryable = options.retryable;
    this.status = options.status ?? 0;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** How a failed fetch shows up in the visit log. */
export function visitOutcomeOf(error: unknown): VisitRecord["outcome"] {
  if (!(error instanceof FetchError)) return "error";
  if (error.kind === "too-large") return "too-large";
  if (error.kind === "too-many-redirects") return "too-many-redirects";
  if (
    error.kind === "disallowed-host" ||
    error.kind === "disallowed-scheme" ||
    error.kind === "private-address"
  ) {
    return "skipped-host";
  }
  return "error";
}

const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);
/** Certificates that do not verify, and what to call each problem. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: "it has expired",
  CERT_NOT_YET_VALID: "it is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "it is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "its chain ends in a self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its chain is incomplete or its issuer unknown",
  UNABLE_TO_GET_ISSUER_CERT: "its chain is incomplete or its issuer unknown",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its chain is incomplete or its issuer unknown",
  ERR_TLS_CERT_ALTNAME_INVALID: "it is for another host name",
  CERT_REVOKED: "it has been revoked",
  CERT_UNTRUSTED: "it is not trusted",
  CERT_SIGNATURE_FAILURE: "its signature does not verify",
};
/** How an answer no HTTP parser here reads is described: site health tells the office so. */
export const MALFORMED_RESPONSE = "malformed HTTP response";

/** How a fetch error refused for the certificate begins: site health tells the office so. */
export const CERTIFICATE_NOT_ACCEPTED = "TLS certificate not accepted";

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Map whatever undici, zlib or the DNS resolver threw into a FetchError. */
export function toFetchError(error: unknown, url: string, timedOut: boolean, detail?: string): FetchError {
  if (error instanceof FetchError) return error;
  const cause = error as { code?: string; message?: string; name?: string; cause?: unknown };
  const code = cause?.code ?? (cause?.cause as { code?: string } | undefined)?.code ?? "";
  const text = cause?.message ?? String(error);
  if (timedOut)
    return new FetchError("timeout", url, `total time limit exceeded: ${url}`, { retryable: true, cause });
  if (code.startsWith("ERR_CRAWL_")) {
    const kind = code === "ERR_CRAWL_PRIVATE" ? "private-address" : "disallowed-host";
    return new FetchError(kind, url, text, { retryable: false, cause });
  }
  if (TIMEOUT_CODES.has(code))
    return new FetchError("timeout", url, `${text}: ${url}`, { retryable: true, cause });
  const certificate = CERTIFICATE_PROBLEMS[code];
  if (certificate) {
    // Retrying will not fix a certificate; the registry can accept it for this bureau.
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    return new FetchError(
      "tls",
      url,
      `${CERTIFICATE_NOT_ACCEPTED} for ${host}: ${certificate}${detail ? `, and ${detail}` : ""} (${url}); the registry can allow it with "acceptInvalidCertificates": true`,
      { retryable: false, cause },
    );
  }
  if (code.startsWith("ERR_SSL_") || code === "EPROTO") {
    return new FetchError("tls", url, `TLS handshake failed (${code}): ${text} (${url})`, {
      retryable: false,
      cause,
    });
  }
  if (cause?.name === "HTTPParserError" || code.startsWith("HPE_")) {
    // The same bytes will not parse any better next time: not retried (the fetcher tries a lenient parser).
    return new FetchError("malformed", url, `${MALFORMED_RESPONSE} (${text}): ${url}`, {
      retryable: false,
      cause,
    });
  }
  if (code === "ENOTFOUND") {
    return new FetchError("network", url, `host not found: ${url}`, { retryable: true, cause });
  }
  if (
    code.startsWith("Z_") ||
    code === "ERR_BROTLI" ||
    /incorrect header|invalid (block|distance)/i.test(text)
  ) {
    return new FetchError("bad-encoding", url, `corrupt compressed body: ${url}`, { retryable: true, cause });
  }
  if (cause?.name === "AbortError" || code === "UND_ERR_ABORTED") {
    return new FetchError("aborted", url, `aborted: ${url}`, { retryable: true, cause });
  }
  const retryable = RETRYABLE_CODES.has(code) || code === "" || code.startsWith("UND_ERR");
  return new FetchError("network", url, `${code || "network error"}: ${text} (${url})`, { retryable, cause });
}
