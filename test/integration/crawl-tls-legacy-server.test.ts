// Load balancers of an older generation (NetScaler and the like, common in front of government sites)
// answer TLS 1.2 without the secure-renegotiation extension of RFC 5746. Browsers connect to them;
// OpenSSL 3 refuses to by default ("unsafe legacy renegotiation disabled"), and so, until told otherwise,
// did the crawler, calling such sites unreachable. Over real TLS on 127.0.0.1 against GnuTLS's test
// server made to behave so: a plain Node client fails, the crawler reads the page, its certificate
// verified as usual.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { aiaChainPem, TEST_ROOT, TLS_FIXTURES } from "../support/tls-fixtures.ts";

const ROOT = TEST_ROOT;
const HOST = "tjj.aia.example.gov.cn";
// Debian's gnutls-bin (.ci/run installs it): skipped, and said so, where it is missing.
const hasGnutls = spawnSync("gnutls-serv", ["--version"]).status === 0;
if (!hasGnutls) console.warn("gnutls-serv not found: the legacy-TLS-server test is skipped");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe.skipIf(!hasGnutls)("a site behind a TLS server without secure renegotiation (RFC 5746)", () => {
  let port: number;
  let server: ReturnType<typeof spawn>;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "legacy-tls-"));
    const chain = path.join(dir, "chain.pem");
    // The leaf and its intermediate, as a correctly configured server sends them.
    writeFileSync(chain, aiaChainPem());
    port = await freePort();
    server = spawn("gnutls-serv", [
      "--http",
      "--port",
      String(port),
      "--x509certfile",
      chain,
      "--x509keyfile",
      path.join(TLS_FIXTURES, "aia-leaf-key.pem"),
      "--priority",
      "NORMAL:-VERS-TLS1.3:%DISABLE_SAFE_RENEGOTIATION",
    ]);
    // It says nothing when ready (its output is buffered): wait until it accepts a connection.
    let exited: number | null | undefined;
    server.once("exit", (code) => {
      exited = code;
    });
    for (let i = 0; i < 100 && !(await accepts(port)); i++) {
      if (exited !== undefined) throw new Error(`gnutls-serv exited (${exited})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => {
    server?.kill();
  });

  it("is refused by a Node client left to OpenSSL 3's default", async () => {
    const code = await new Promise<string | undefined>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port, servername: HOST, ca: ROOT });
      socket.once("secureConnect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    expect(code).toBe("ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED");
  });

  it("is read by the crawler, with its certificate still verified", async () => {
    const fetcher = createFetcher({
      resolve: { [HOST]: `127.0.0.1:${port}` },
      allowPrivateNetwork: true,
      extraRoots: [ROOT],
    });
    const strict = createFetcher({ resolve: { [HOST]: `127.0.0.1:${port}` }, allowPrivateNetwork: true });
    try {
      const response = await fetcher.fetch({ url: `https://${HOST}/`, allowedHosts: new Set([HOST]) });
      expect(response.status).toBe(200);
      expect(new TextDecoder().decode(response.bytes)).toContain("GnuTLS");
      // The same server with a root the crawler does not trust: refused for the certificate, not the TLS.
      await expect(strict.fetch({ url: `https://${HOST}/`, allowedHosts: new Set([HOST]) })).rejects.toThrow(
        /TLS certificate not accepted/,
      );
    } finally {
      await fetcher.close();
      await strict.close();
    }
  });
});
