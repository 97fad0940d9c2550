// Old servers and the proxies in front of them send responses a strict HTTP/1.1 parser refuses and a
// browser reads: bare LF line ends, folded headers, control bytes in a header, Content-Length next to
// Transfer-Encoding: chunked, a space after a chunk size, the same Content-Length twice (repaired before
// the parser sees it: response-head-repair.ts). undici has no lenient mode; Node's own parser
// has one (`insecureHTTPParser`). A host whose answer undici could not parse is asked again through it,
// one connection per request (it is rare), over the same connector as the pools' (the registry's address
// map, no private address unless allowed, the same TLS checks). It speaks undici's dispatch-handler
// protocol, so the body goes through the same caps, decompression and time limits as any other
// (exchange.ts).
import { type ClientRequest, type IncomingMessage, request } from "node:http";
import type { buildConnector, Dispatcher } from "undici";
import { headRepairingSocket } from "./response-head-repair.ts";

export interface LenientHttpOptions {
  /** The connector to open the request's connection with (connection-pools.ts). */
  connector(): buildConnector.connector;
  connectMs: number;
  headersMs: number;
  bodyIdleMs: number;
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
  const dispatch = (opts: Dispatcher.DispatchOptions, handler: Handler): boolean => {
    const origin = new URL(String(opts.origin));
    const port = origin.port || (origin.protocol === "https:" ? "443" : "80");
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
    const headers: Record<string, string> = {};
    const flat = (opts.headers ?? []) as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i] as string] = flat[i + 1] as string;
    const connector = options.connector();
    const servername = (opts as { servername?: string }).servername;
    req = request({
      host: origin.hostname,
      port,
      path: opts.path,
      method: opts.method,
      headers,
      insecureHTTPParser: true,
      // The pools' connector (address map, address guard, TLS), its socket handed to Node's parser.
      createConnection: (_: unknown, done: (error: Error | null, socket?: unknown) => void) => {
        connector(
          {
            hostname: origin.hostname,
            host: origin.host,
            protocol: origin.protocol,
            port,
            ...(servername ? { servername } : {}),
          },
          (error, socket) => (error ? done(error) : done(null, headRepairingSocket(socket))),
        );
        return undefined;
      },
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
