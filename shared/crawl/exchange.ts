// One HTTP request/response on undici's low-level dispatch API: the handler reads the few headers the
// crawler needs from the raw list and collects the body chunks itself (no Readable per body, no
// AbortController per request; the total time limit comes from the shared Deadlines).
import { isUtf8 } from "node:buffer";
import type { Dispatcher } from "undici";
import { BodySink } from "./body.ts";
import type { Expiring } from "./deadlines.ts";
import { FetchError, MALFORMED_RESPONSE, toFetchError } from "./errors.ts";

export interface ResponseHead {
  status: number;
  location?: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  contentLength?: string;
  contentEncoding?: string;
  retryAfter?: string;
  /** An HTTP Refresh header ("0; url=…"): a redirect browsers follow as a meta refresh. */
  refresh?: string;
  /** Every Set-Cookie line, in order. */
  setCookies?: string[];
}

/** What to do with the body once the head is known. */
export type BodyPlan =
  | { read: false }
  | { read: true; maxBytes: number; onTooLarge: "error" | "truncate" }
  | { fail: FetchError };

export interface Exchanged {
  head: ResponseHead;
  /** Present when the plan said to read the body. */
  bytes?: Uint8Array;
}

export interface ExchangeRequest<T> {
  dispatcher: Dispatcher;
  origin: string;
  /** What undici would derive from the Host header, given so it is not derived per request. */
  servername?: string;
  path: string;
  headers: string[];
  /** A form sent by POST (its content type among `headers`); absent: a GET. */
  body?: string;
  /** The URL errors name (the one asked for). */
  url: string;
  /** The URL being fetched now (after redirects), for body errors. */
  currentUrl: string;
  /** Shared by the hops (redirects) of one fetch: its total time limit and caller's abort. */
  control: FetchControl;
  /** What to do with the body, given the head (one function for every request: no closure each). */
  plan: (subject: T, head: ResponseHead) => BodyPlan;
  subject: T;
}

/** How a whole fetch is stopped from outside: the exchange in flight registers as `current`. */
export class FetchControl implements Expiring {
  timedOut = false;
  /** Set once the fetch must stop (time limit, caller's signal). */
  stopReason: Error | undefined;
  current: { stop(reason: Error): void } | undefined;

  stop(reason: Error): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.current?.stop(reason);
  }

  expire(): void {
    this.timedOut = true;
    this.stop(new Error("total time limit exceeded"));
  }
}

/** Bodies skipped (redirects, errors) are drained up to this much to keep the connection, then cut. */
const MAX_DISCARD = 128 * 1024;

/**
 * An address in a header (Location, Refresh). Servers put non-ASCII paths (a 年报 folder) in it as raw
 * UTF-8 bytes, which browsers read as UTF-8; read byte for byte (latin1) they would name another,
 * mojibake address.
 */
function addressOf(value: Buffer | string): string {
  const bytes = typeof value === "string" ? Buffer.from(value, "latin1") : value;
  for (const byte of bytes)
    if (byte >= 0x80) return isUtf8(bytes) ? bytes.toString("utf8") : bytes.toString("latin1");
  return bytes.toString("latin1");
}

function readHead(status: number, raw: Buffer[] | string[] | null): ResponseHead {
  const head: ResponseHead = { status };
  if (!raw) return head;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1").toLowerCase();
    let key: Exclude<keyof ResponseHead, "status" | "setCookies">;
    switch (name) {
      case "location":
        head.location ??= addressOf(raw[i + 1]!);
        continue;
      case "content-type":
        key = "contentType";
        break;
      case "etag":
        key = "etag";
        break;
      case "last-modified":
        key = "lastModified";
        break;
      case "content-length":
        key = "contentLength";
        break;
      case "content-encoding":
        key = "contentEncoding";
        break;
      case "retry-after":
        key = "retryAfter";
        break;
      case "refresh":
        head.refresh ??= addressOf(raw[i + 1]!);
        continue;
      case "set-cookie":
        head.setCookies ??= [];
        head.setCookies.push(raw[i + 1]!.toString("latin1"));
        continue;
      default:
        continue;
    }
    // The first of repeated headers, as the crawler always read them.
    if (head[key] === undefined) head[key] = raw[i + 1]!.toString("latin1");
  }
  return head;
}

class ExchangeHandler<T> implements Dispatcher.DispatchHandler {
  private abortFn: ((reason?: Error) => void) | undefined;
  private pendingAbort: Error | undefined;
  private head: ResponseHead | undefined;
  private sink: BodySink | undefined;
  private discarded = 0;
  private discarding = false;
  private settled = false;
  private completed = false;
  private resume: (() => void) | undefined;

  constructor(
    private readonly request: ExchangeRequest<T>,
    private readonly resolve: (value: Exchanged) => void,
    private readonly reject: (error: FetchError) => void,
  ) {
    request.control.current = this;
  }

  stop(reason: Error): void {
    this.abort(reason);
  }

  /** The decompressor wants more input. */
  drain(): void {
    this.resume?.();
  }

  /** Decompression stopped early (cap reached, corrupt data). */
  stopped(): void {
    this.stopTransfer();
  }

  private abort(reason: Error): void {
    if (this.settled) return;
    if (this.abortFn && !this.completed) this.abortFn(reason);
    else {
      // Not connected yet (or only decompressing): settle now; abort the request once undici starts it.
      this.pendingAbort = reason;
      this.onError(reason);
    }
  }

  private finish(): void {
    this.settled = true;
    if (this.request.control.current === this) this.request.control.current = undefined;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortFn = abort;
    if (this.pendingAbort) abort(this.pendingAbort);
  }

  onHeaders(status: number, raw: Buffer[] | string[] | null, resume: () => void): boolean {
    if (this.settled) return false;
    const head = readHead(status, raw);
    this.head = head;
    this.resume = resume;
    const plan = this.request.plan(this.request.subject, head);
    if ("fail" in plan) {
      this.abortFn?.(plan.fail);
      return false;
    }
    if (!plan.read) {
      this.discarding = true;
      return true;
    }
    try {
      this.sink = new BodySink(
        {
          url: this.request.currentUrl,
          ...(head.contentEncoding !== undefined ? { contentEncoding: head.contentEncoding } : {}),
          maxBytes: plan.maxBytes,
          onTooLarge: plan.onTooLarge,
        },
        this,
      );
    } catch (error) {
      this.abortFn?.(error as Error);
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.discarding) {
      this.discarded += chunk.length;
      if (this.discarded > MAX_DISCARD) {
        // Not worth reading through: settle with the head and drop the connection.
        const head = this.head!;
        this.finish();
        this.abortFn?.(new Error("discarded body too long"));
        this.resolve({ head });
        return false;
      }
      return true;
    }
    const sink = this.sink;
    if (!sink) return true;
    if (sink.write(chunk)) return true;
    if (sink.stopped) this.stopTransfer();
    return false;
  }

  /** The body was cut at the cap (or failed): settle from the sink and stop the transfer. */
  private stopTransfer(): void {
    void this.settleBody();
    if (!this.completed) this.abortFn?.(new Error("body cut at the cap"));
  }

  onComplete(): void {
    this.completed = true;
    if (this.settled) return;
    if (this.discarding || !this.sink) {
      this.finish();
      this.resolve({ head: this.head! });
      return;
    }
    void this.settleBody();
  }

  private async settleBody(): Promise<void> {
    if (this.settled) return;
    const sink = this.sink!;
    const head = this.head!;
    if (sink.plain) {
      this.finish();
      try {
        this.resolve({ head, bytes: sink.finishPlain() });
      } catch (error) {
        this.reject(toFetchError(error, this.request.url, false));
      }
      return;
    }
    this.finish();
    try {
      this.resolve({ head, bytes: await sink.finish() });
    } catch (error) {
      this.reject(toFetchError(error, this.request.url, false));
    }
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.finish();
    this.sink?.abandon();
    const failure = toFetchError(error, this.request.url, this.request.control.timedOut);
    // A head undici would not parse (Content-Length twice, or beside Transfer-Encoding) is reported as a
    // length mismatch before any head arrives; a body cut short comes after its head.
    if (!this.head && (error as { code?: string }).code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") {
      this.reject(
        new FetchError("malformed", this.request.url, `${MALFORMED_RESPONSE} (${failure.message})`, {
          retryable: false,
          cause: error,
        }),
      );
      return;
    }
    this.reject(failure);
  }
}

/** Send one GET (or a POST of `body`) and collect the answer; rejects with a FetchError. */
export function exchange<T>(request: ExchangeRequest<T>): Promise<Exchanged> {
  return new Promise<Exchanged>((resolve, reject) => {
    const handler = new ExchangeHandler(request, resolve, reject);
    const stopped = request.control.stopReason;
    if (stopped) {
      handler.onError(stopped);
      return;
    }
    request.dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: request.body === undefined ? "GET" : "POST",
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.servername ? { servername: request.servername } : {}),
      },
      handler,
    );
  });
}
