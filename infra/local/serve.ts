// The findings API on node:http for the embedded stack (`gdm serve`, `npm start -- --serve`): the same
// handler as the Lambda, behind a deliberately small HTTP surface (GET/HEAD only, no request bodies).
import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  type ApiDeps,
  type ApiResponse,
  createApi,
  errorResponse,
  hashToken,
  newToken,
  parseCredentialsFile,
  parseQueryString,
  type TokenEntry,
  type TokenStore,
  tokenStoreFromEntries,
  tokensFileJson,
} from "../../shared/api/index.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { startLocalStack } from "./stack.ts";

export const MAX_URL_LENGTH = 2048;

export interface ApiServerOptions {
  repo: ApiDeps["repo"];
  tokens: TokenStore;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  log?: ApiDeps["log"];
}

export interface ApiServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

function send(req: IncomingMessage, res: ServerResponse, out: ApiResponse): void {
  res.writeHead(out.status, { ...out.headers, "content-length": Buffer.byteLength(out.body) });
  // Node writes no body for HEAD on its own; say so anyway, the length above is what GET would send.
  res.end(req.method === "HEAD" ? undefined : out.body);
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? "127.0.0.1";
  const api = createApi({ repo: options.repo, tokens: options.tokens, log: options.log });

  const server = createServer(
    { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5_000 },
    (req, res) => {
      const url = req.url ?? "/";
      if (url.length > MAX_URL_LENGTH) return send(req, res, errorResponse(414, "URL too long"));
      const q = url.indexOf("?");
      const parsed = parseQueryString(q < 0 ? "" : url.slice(q + 1));
      if ("error" in parsed) return send(req, res, errorResponse(400, parsed.error));
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      api({ method: req.method ?? "GET", path: q < 0 ? url : url.slice(0, q), query: parsed.query, headers })
        .then((out) => send(req, res, out))
        .catch(() => send(req, res, errorResponse(500, "internal error")));
    },
  );
  // A request body is never read: Node discards it after the response, and the limits above bound it.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    port,
    url: `http://${shownHost}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

// ---- local credentials ------------------------------------------------------------------------------

export const TOKENS_FILE = "api-tokens.json";
/** DEMO ONLY: the plain tokens of the embedded default, so a local user can try the API. */
export const PLAIN_TOKENS_FILE = "api-tokens.local.txt";

export interface LocalTokens {
  tokens: TokenStore;
  /** Tokens created by this call (plain, shown once); empty when every office already had one. */
  issued: { office: string; token: string }[];
  hashFile: string;
  /** Where the demo copy of the plain tokens is, or undefined when none is kept. */
  plainFile?: string;
}

async function appendPlainCopy(file: string, issued: LocalTokens["issued"]): Promise<void> {
  const header = existsSync(file)
    ? ""
    : "# DEMO ONLY — plain API tokens of the embedded default. Never keep such a file in production:\n" +
      `# there, only ${TOKENS_FILE} (hashes) exists and each office keeps its own token.\n`;
  const lines = issued.map((i) => `${i.office}\t${i.token}`).join("\n");
  await appendFile(file, `${header}# issued ${new Date().toISOString()}\n${lines}\n`, { mode: 0o600 });
}

/**
 * The embedded stack's credentials: `<dataDir>/api-tokens.json` (hashes only, like production). Offices
 * of the registry without a token get one; its plain text is returned (for the CLI to show once) and,
 * for the bundled demo only (`plainCopy`, default true), appended to `<dataDir>/api-tokens.local.txt`.
 * Existing tokens are never re-issued or changed; delete an entry from api-tokens.json to rotate it.
 */
export async function localTokens(
  dataDir: string,
  registry: Pick<Registry, "offices">,
  options: { plainCopy?: boolean } = {},
): Promise<LocalTokens> {
  const hashFile = path.join(dataDir, TOKENS_FILE);
  const plainFile = options.plainCopy === false ? undefined : path.join(dataDir, PLAIN_TOKENS_FILE);
  // The file may also name IAM principals (for an API authorised by IAM): kept as they are.
  const { tokens: entries, principals } = existsSync(hashFile)
    ? parseCredentialsFile(await readFile(hashFile, "utf8"))
    : { tokens: [] as TokenEntry[], principals: [] };
  const covered = new Set(entries.map((e) => e.office));
  const issued = registry.offices
    .filter((office) => !covered.has(office.id))
    .map((office) => ({ office: office.id, token: newToken() }));
  if (issued.length > 0) {
    await mkdir(dataDir, { recursive: true });
    const all = [...entries, ...issued.map((i) => ({ office: i.office, sha256: hashToken(i.token) }))];
    // Write-then-rename would be tidier, but a half-written file only costs re-issuing demo tokens.
    await writeFile(hashFile, tokensFileJson(all, principals), { mode: 0o600 });
    if (plainFile) await appendPlainCopy(plainFile, issued);
    return { tokens: tokenStoreFromEntries(all, principals), issued, hashFile, plainFile };
  }
  return { tokens: tokenStoreFromEntries(entries, principals), issued, hashFile, plainFile };
}

// ---- the CLI's view: `gdm serve`, `npm start -- --serve` ---------------------------------------------

/** The CLI's default port for `serve` (tests pass 0 for an ephemeral one). */
export const DEFAULT_API_PORT = 8787;

export interface LocalApi extends ApiServer {
  tokens: LocalTokens;
}

/** Opens the embedded stack's table under `dataDir` and serves the API on it until close(). */
export async function startLocalApi(options: {
  dataDir: string;
  offices: Registry["offices"];
  port?: number;
  host?: string;
  /** Keep a plain copy of new tokens in the data dir: the bundled demo only (default false). */
  demo?: boolean;
}): Promise<LocalApi> {
  const stack = await startLocalStack({ dataDir: options.dataDir });
  try {
    const tokens = await localTokens(
      stack.dataDir,
      { offices: options.offices },
      { plainCopy: options.demo === true },
    );
    const server = await startApiServer({
      repo: stack.repo,
      tokens: tokens.tokens,
      port: options.port ?? DEFAULT_API_PORT,
      host: options.host,
    });
    return {
      ...server,
      tokens,
      async close() {
        await server.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** What the CLI prints once the API is up: where it is, and any newly issued (demo) tokens, once. */
export function describeLocalApi(api: LocalApi): string {
  const lines = [
    `findings API on ${api.url}  (Ctrl-C to stop)`,
    `  public:  ${api.url}/rules  ${api.url}/health`,
  ];
  const first = api.tokens.issued[0];
  if (first) {
    lines.push("  new office tokens (shown once; hashes in api-tokens.json):");
    for (const { office, token } of api.tokens.issued) lines.push(`    ${office.padEnd(16)} ${token}`);
    if (api.tokens.plainFile) lines.push(`  demo copy of the tokens: ${api.tokens.plainFile}`);
    lines.push(`  try:     curl -H 'Authorization: Bearer ${first.token}' '${api.url}/findings?status=open'`);
  } else {
    const where = api.tokens.plainFile ? ` (demo copy in ${api.tokens.plainFile})` : "";
    lines.push(`  office tokens: issued earlier, shown when issued${where}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Resolves on the first SIGINT or SIGTERM, so the CLI can close the server and the table cleanly. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
