// Old servers and the proxies in front of them send responses a strict HTTP/1.1 parser refuses and a
// browser reads: bare LF line ends, folded headers, control bytes in a header, Content-Length next to
// Transfer-Encoding: chunked, a space after a chunk size. undici has no lenient mode; Node's own parser
// has one (`insecureHTTPParser`). A host whose answer undici could not parse is asked again through it,
// one connection per request (it is rare), under the same rules: the registry's address map, no private
// address unless allowed, the same TLS checks. It speaks undici's dispatch-handler protocol, so the body
// goes through the same caps, decompression and time limits as any other (exchange.ts).
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { AddressNotAllowedError, guardedLookup, isPrivateAddress } from "./address-guard.ts";

export interface LenientHttpOptions {
  /** The registry's address for a host name, if it maps it. */
  target(hostname: string): { address: string; port?: number } | undefined;
  allowPrivate: boolean;
  connectMs: number;
  headersMs: number;
  bodyIdleMs: number;
  /** TLS: roots to trust (undefined: Node's), and OpenSSL options. */
  tls: () => { ca?: string[]; secureOptions: number; rejectUnauthorized: boolean };
}

type Handler = Pick<
  Dispatcher.DispatchHandler,
  "onConnect" | "onHeaders" | "onData" | "onComplete" | "onError"
>;

function timeoutError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A dispatcher (as far as exchange.ts uses one) over Node's lenient HTTP parser. */
export function lenientDispatcher(options: LenientHttpOptions): Dispatcher {
  const lookup = guardedLookup(options.allowPrivate);
  const dispatch = (opts: Dispatcher.DispatchOptions, handler: Handler): boolean => {
    const origin = new URL(String(opts.origin));
    const https = origin.protocol === "https:";
    const hostname = origin.hostname.replace(/^\[|\]$/g, "");
    const mapped = options.target(hostname.toLowerCase());
    const address = mapped?.address ?? hostname;
    const port = mapped?.port ?? (origin.port ? Number(origin.port) : https ? 443 : 80);
    let req: ClientRequest | undefined;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req?.destroy();
      handler.onError?.(error);
    };
    handler.onConnect?.((reason) => fail(reason instanceof Error ? reason : new Error("aborted")));
    if (settled) return true;
    if (!options.allowPrivate && isIP(address) !== 0 && isPrivateAddress(address)) {
      fail(new AddressNotAllowedError(`${hostname} is a private address (${address})`));
      return true;
    }
    const headers: Record<string, string> = {};
    const flat = (opts.headers ?? []) as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i] as string] = flat[i + 1] as string;
    const tls = https
      ? {
          ...options.tls(),
          servername:
            (opts as { servername?: string }).servername ?? (isIP(hostname) === 0 ? hostname : undefined),
        }
      : {};
    const send = https ? httpsRequest : httpRequest;
    req = send({
      host: address,
      port,
      path: opts.path,
      method: opts.method,
      headers,
      insecureHTTPParser: true,
      agent: false,
      lookup,
      ...tls,
    } as never);
    // No answer head within headersMs, or a body idle for bodyIdleMs: undici's timeouts, by its codes.
    let timer = setTimeout(
      () => fail(timeoutError("UND_ERR_HEADERS_TIMEOUT", "Headers Timeout Error")),
      options.connectMs + options.headersMs,
    );
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => fail(timeoutError("UND_ERR_BODY_TIMEOUT", "Body Timeout Error")),
        options.bodyIdleMs,
      );
    };
    req.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    req.on("response", (res: IncomingMessage) => {
      idle();
      const resume = () => res.resume();
      if (
        handler.onHeaders?.(res.statusCode ?? 0, res.rawHeaders as never, resume, res.statusMessage ?? "") ===
        false
      )
        res.pause();
      res.on("data", (chunk: Buffer) => {
        idle();
        if (settled) return;
        if (handler.onData?.(chunk) === false) res.pause();
      });
      res.on("end", () => {
        clearTimeout(timer);
        if (settled) return;
        if (!res.complete) return fail(timeoutError("UND_ERR_SOCKET", "other side closed"));
        settled = true;
        handler.onComplete?.([]);
      });
      res.on("error", (error) => {
        clearTimeout(timer);
        fail(error);
      });
    });
    req.end(opts.body as string | undefined);
    return true;
  };
  return { dispatch } as unknown as Dispatcher;
}
