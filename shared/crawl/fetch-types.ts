// The fetcher's contract (fetcher.ts implements it): what a request asks, what comes back.

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
  /** Roots (PEM) trusted besides Node's: a private deployment's own CA, or the tests'. */
  extraRoots?: readonly string[];
}

export interface FetchRequest {
  url: string;
  /** Host names (lower case) this request and its redirects may touch. */
  allowedHosts: ReadonlySet<string>;
  /** The registry lets this bureau's https pages be read with a certificate that does not verify. */
  acceptInvalidCertificates?: boolean;
  /** "document" allows the larger cap (PDF, DOC); pages get the HTML cap. */
  kind?: "page" | "document";
  /** Validators from the last visit: sent as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  /** Overrides the cap; with truncate, a longer body is cut instead of failing (robots.txt). */
  maxBytes?: number;
  truncate?: boolean;
  signal?: AbortSignal;
  /**
   * Sent as a POST form (application/x-www-form-urlencoded), as a page's own script asks for more of a
   * column (Hanweb's dataproxy.jsp). Never conditional; a 301/302/303 redirect goes on as a GET.
   */
  form?: Readonly<Record<string, string>>;
  /**
   * robots.txt only: its redirects may lead to any host, as RFC 9309 §2.3.1.2 asks (a site on a shared
   * platform sends it to the platform's); what is found there applies to the first host. Private
   * addresses stay refused.
   */
  redirectsOffSite?: boolean;
  /** The page that asks (a column, for its script's request): sent as Referer. */
  referer?: string;
  /** `url` already parsed by the caller, to spare parsing it again; never modified here. */
  parsedUrl?: URL;
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
  /** An HTTP Refresh header, for the caller to follow as a meta refresh (client-redirect.ts). */
  refresh?: string;
  redirects: string[];
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResponse>;
  readonly userAgentToken: string;
  close(): Promise<void>;
}
