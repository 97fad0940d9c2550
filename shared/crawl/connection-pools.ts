// The fetcher's connection pools (undici Agents) and how a request picks one. Every pool connects through
// the registry's `resolve` map (the URL and Host header keep the real host name) and refuses private
// addresses unless the registry allows them.
import { isIP } from "node:net";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { parseResolveTarget } from "../registry/schema.ts";
import { AddressNotAllowedError, guardedLookup, isPrivateAddress } from "./address-guard.ts";

export interface PoolOptions {
  /** host → "address[:port]" (the registry's `resolve`). */
  resolve: Record<string, string>;
  allowPrivate: boolean;
  connectMs: number;
  headersMs: number;
  bodyIdleMs: number;
}

/** A plain-HTTP host the registry pins to an address: the origin to send to, and the host name undici would derive from the Host header. */
export interface PinnedOrigin {
  origin: string;
  servername: string | undefined;
}

export interface Pools {
  /** Where an http:// URL on a pinned host is sent (undefined: not pinned, or not plain HTTP). */
  pinnedOrigin(url: URL): PinnedOrigin | undefined;
  dispatcherFor(url: URL, pinned: PinnedOrigin | undefined, acceptInvalidCertificates: boolean): Dispatcher;
  close(): Promise<void>;
}

export function createPools(options: PoolOptions): Pools {
  const { allowPrivate } = options;
  const resolveMap = new Map<string, { address: string; port?: number }>();
  for (const [host, target] of Object.entries(options.resolve)) {
    const parsed = parseResolveTarget(target);
    if (parsed) resolveMap.set(host.toLowerCase(), parsed);
  }

  /** Connects to the registry's address for the host, if any, refusing private ones unless allowed. */
  const connectorFor =
    (baseConnect: buildConnector.connector): buildConnector.connector =>
    (opts, callback) => {
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
  const agentWith = (connections: number, tls: { rejectUnauthorized?: false } = {}) =>
    new Agent({
      connect: connectorFor(
        buildConnector({
          timeout: options.connectMs,
          lookup: guardedLookup(allowPrivate),
          ...tls,
        } as never),
      ),
      headersTimeout: options.headersMs,
      bodyTimeout: options.bodyIdleMs,
      connections,
    });
  const agent = agentWith(4);
  // Host names the registry pins to one address are, over plain HTTP, virtual hosts of one server: they
  // share its connections (the Host header names each), as the local stack's hundreds of bureaus do,
  // instead of a handshake per host. Politeness stays per host name (the pacer); HTTPS keeps a pool per
  // host (SNI and certificates). Enough connections that crawl concurrency never queues behind a hang.
  const pinnedAgent = agentWith(64);
  // For bureaus the registry lets be read with an invalid certificate: a pool of their own, made once needed.
  let lenientAgent: Agent | undefined;

  /** By host: the pinned origin, and the server name undici would derive from the Host header each time. */
  const pinnedOrigins = new Map<string, PinnedOrigin | null>();

  return {
    pinnedOrigin(url) {
      if (url.protocol !== "http:") return undefined;
      const key = url.host;
      let pinned = pinnedOrigins.get(key);
      if (pinned === undefined) {
        const mapped = resolveMap.get(url.hostname.toLowerCase());
        const address = mapped && (isIP(mapped.address) === 6 ? `[${mapped.address}]` : mapped.address);
        const hostname = url.hostname.replace(/^\[|\]$/g, "");
        pinned = mapped
          ? {
              origin: `http://${address}:${mapped.port ?? (url.port || "80")}`,
              servername: isIP(hostname) === 0 ? hostname : undefined,
            }
          : null;
        if (pinnedOrigins.size < 100_000) pinnedOrigins.set(key, pinned);
      }
      return pinned ?? undefined;
    },

    dispatcherFor(url, pinned, acceptInvalidCertificates) {
      if (pinned) return pinnedAgent;
      if (acceptInvalidCertificates && url.protocol === "https:") {
        lenientAgent ??= agentWith(4, { rejectUnauthorized: false });
        return lenientAgent;
      }
      return agent;
    },

    async close() {
      const agents = [agent, pinnedAgent, ...(lenientAgent ? [lenientAgent] : [])];
      await Promise.all(agents.map((a) => a.close().catch(() => a.destroy())));
    },
  };
}
