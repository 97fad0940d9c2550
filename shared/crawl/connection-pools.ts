// The fetcher's connection pools (undici Agents) and how a request picks one. Every pool connects through
// the registry's `resolve` map (the URL and Host header keep the real host name) and refuses private
// addresses unless the registry allows them.
import { constants } from "node:crypto";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { Agent, buildConnector, type Dispatcher, request } from "undici";
import { parseResolveTarget } from "../registry/schema.ts";
import { AddressNotAllowedError, guardedLookup, isPrivateAddress } from "./address-guard.ts";
import { ChainCompleter } from "./chain-completion.ts";
import { defaultRoots } from "./default-roots.ts";
import { lenientDispatcher } from "./lenient-http.ts";

export interface PoolOptions {
  /** host → "address[:port]" (the registry's `resolve`). */
  resolve: Record<string, string>;
  allowPrivate: boolean;
  connectMs: number;
  headersMs: number;
  bodyIdleMs: number;
  /** Sent when fetching a certificate's missing issuer. */
  userAgent: string;
  /** Roots trusted besides Node's (a private deployment's CA, the tests' own). */
  extraRoots?: readonly string[];
}

/** A certificate's issuer, fetched from its AIA address, is small; anything bigger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;
/**
 * Servers without RFC 5746 secure renegotiation (older load balancers in front of many government sites)
 * are connected to, as browsers connect to them; OpenSSL 3 refuses them by default. Renegotiating with
 * them stays refused (that needs SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION, which is not set).
 */
const LEGACY_SERVER_CONNECT = constants.SSL_OP_LEGACY_SERVER_CONNECT;
/** How long a host's chain that could not be completed is not looked at again. */
const CHAIN_VERDICT_MS = 15 * 60 * 1000;

/** A plain-HTTP host the registry pins to an address: the origin to send to, and the host name undici would derive from the Host header. */
export interface PinnedOrigin {
  origin: string;
  servername: string | undefined;
}

export interface Pools {
  /** Where an http:// URL on a pinned host is sent (undefined: not pinned, or not plain HTTP). */
  pinnedOrigin(url: URL): PinnedOrigin | undefined;
  dispatcherFor(url: URL, pinned: PinnedOrigin | undefined, acceptInvalidCertificates: boolean): Dispatcher;
  /**
   * After an incomplete chain from `url`'s host: learns the missing issuers (chain-completion.ts), once
   * per host. Undefined when the host's requests now go through a pool that can build its chain; else why not.
   */
  completeChain(url: URL): Promise<string | undefined>;
  /** The host answers what only a lenient parser reads (lenient-http.ts): its requests go there from now on. */
  markLenient(url: URL): void;
  needsLenient(url: URL): boolean;
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
  const extraRoots = options.extraRoots ?? [];
  const roots = [...defaultRoots(), ...extraRoots];
  type TlsChoice = { rejectUnauthorized?: false; ca?: string[] };
  const defaultTls: TlsChoice = extraRoots.length > 0 ? { ca: roots } : {};
  /** Every connection the fetcher opens goes through one of these. */
  const connectorWith = (tls: TlsChoice = defaultTls) =>
    connectorFor(
      buildConnector({
        timeout: options.connectMs,
        lookup: guardedLookup(allowPrivate),
        secureOptions: LEGACY_SERVER_CONNECT,
        ...tls,
      } as never),
    );
  const agentWith = (connections: number, tls: TlsChoice = defaultTls) =>
    new Agent({
      connect: connectorWith(tls),
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
  let acceptingAgent: Agent | undefined;

  // Hosts whose chain needed an intermediate learned from an AIA address go through a pool trusting the
  // learned ones too, rebuilt when another is learned (the one before finishes what it has in flight).
  const probe = connectorWith({ rejectUnauthorized: false });
  const completer = new ChainCompleter({
    roots,
    peerCertificates: (url) =>
      new Promise((resolve, reject) => {
        probe(
          { hostname: url.hostname, host: url.host, protocol: "https:", port: url.port || "443" },
          (error, socket) => {
            if (error || !socket) return reject(error ?? new Error("no connection"));
            const chain: Uint8Array[] = [];
            let c = (socket as TLSSocket).getPeerCertificate(true);
            while (c?.raw && chain.length < 10) {
              chain.push(c.raw);
              if (c.issuerCertificate === c) break;
              c = c.issuerCertificate;
            }
            socket.destroy();
            resolve(chain);
          },
        );
      }),
    download: async (address) => {
      const response = await request(address, {
        dispatcher: agent,
        headers: { "user-agent": options.userAgent },
        headersTimeout: options.headersMs,
        bodyTimeout: options.bodyIdleMs,
        signal: AbortSignal.timeout(options.headersMs + options.bodyIdleMs),
      });
      if (response.statusCode !== 200) {
        // Not a certificate: its body is not worth reading.
        response.body.destroy();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_CERTIFICATE_BYTES) {
          response.body.destroy();
          throw new Error(`more than ${MAX_CERTIFICATE_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    },
  });
  /** The roots and the intermediates learned so far, rebuilt only when one more is learned. */
  let trustedList: { ca: string[]; version: number } | undefined;
  const trusted = (): string[] => {
    if (trustedList?.version !== completer.version)
      trustedList = { ca: [...roots, ...completer.intermediates()], version: completer.version };
    return trustedList.ca;
  };
  const lenientHosts = new Set<string>();
  // The lenient parser's connections: the same connectors, rebuilt only when the trusted list grows.
  const lenient = (accepting: boolean) => {
    let built: { connector: buildConnector.connector; version: number } | undefined;
    return lenientDispatcher({
      connector: () => {
        if (built?.version !== completer.version) {
          const ca = extraRoots.length > 0 || completer.version > 0 ? { ca: trusted() } : {};
          const tls: TlsChoice = accepting ? { ...ca, rejectUnauthorized: false } : ca;
          built = { connector: connectorWith(tls), version: completer.version };
        }
        return built.connector;
      },
      connectMs: options.connectMs,
      headersMs: options.headersMs,
      bodyIdleMs: options.bodyIdleMs,
    });
  };
  const parserStrict = lenient(false);
  const parserAccepting = lenient(true);
  const completedHosts = new Set<string>();
  const chainResults = new Map<string, { result: Promise<string | undefined>; until?: number }>();
  let completedAgent: { agent: Agent; version: number } | undefined;
  const retiredAgents: Agent[] = [];
  const agentForCompletedChains = (): Agent => {
    if (completedAgent?.version !== completer.version) {
      if (completedAgent) retiredAgents.push(completedAgent.agent);
      completedAgent = {
        agent: agentWith(4, { ca: trusted() }),
        version: completer.version,
      };
    }
    return completedAgent.agent;
  };

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
      if (lenientHosts.size > 0 && lenientHosts.has(url.host))
        return acceptInvalidCertificates ? parserAccepting : parserStrict;
      if (pinned) return pinnedAgent;
      if (acceptInvalidCertificates && url.protocol === "https:") {
        acceptingAgent ??= agentWith(4, { rejectUnauthorized: false });
        return acceptingAgent;
      }
      if (completedHosts.size > 0 && url.protocol === "https:" && completedHosts.has(url.host))
        return agentForCompletedChains();
      return agent;
    },

    markLenient(url) {
      if (lenientHosts.size < 100_000) lenientHosts.add(url.host);
    },

    needsLenient(url) {
      return lenientHosts.size > 0 && lenientHosts.has(url.host);
    },

    completeChain(url) {
      const known = chainResults.get(url.host);
      if (known && (known.until === undefined || known.until > Date.now())) return known.result;
      const entry: { result: Promise<string | undefined>; until?: number } = {
        result: completer.complete(url).then((why) => {
          if (why === undefined) completedHosts.add(url.host);
          // Why not is remembered a while (a host's every request would look again), not for good:
          // the CA's server may be back, or the site fixed, by the next cycle of a long-lived process.
          else entry.until = Date.now() + CHAIN_VERDICT_MS;
          return why;
        }),
      };
      if (chainResults.size < 100_000) chainResults.set(url.host, entry);
      return entry.result;
    },

    async close() {
      const agents = [
        agent,
        pinnedAgent,
        ...(acceptingAgent ? [acceptingAgent] : []),
        ...(completedAgent ? [completedAgent.agent] : []),
        ...retiredAgents,
      ];
      await Promise.all(agents.map((a) => a.close().catch(() => a.destroy())));
    },
  };
}
