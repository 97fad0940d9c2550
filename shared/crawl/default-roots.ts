// The roots Node trusts when a connection names none: its bundled Mozilla roots and the operator's
// NODE_EXTRA_CA_CERTS (a private CA, a government CA a deployment adds). A pool that passes its own `ca`
// replaces that store, so it must start from this list, not from tls.rootCertificates alone.
import { readFileSync } from "node:fs";
import * as tls from "node:tls";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

let cached: readonly string[] | undefined;

export function defaultRoots(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (cached && env === process.env) return cached;
  // Node ≥ 22.15 says which roots it uses; older Node is told NODE_EXTRA_CA_CERTS only at start-up.
  const getCACertificates = (tls as { getCACertificates?: (type: "default") => string[] }).getCACertificates;
  let roots: readonly string[];
  if (getCACertificates && env === process.env) roots = getCACertificates("default");
  else {
    let extra: string[] = [];
    const file = env.NODE_EXTRA_CA_CERTS;
    if (file) {
      try {
        extra = readFileSync(file, "utf8").match(PEM_CERTIFICATE) ?? [];
      } catch {
        // Node itself only warns about an unreadable file, and starts without it: so do we.
      }
    }
    roots = [...tls.rootCertificates, ...extra];
  }
  if (env === process.env) cached = roots;
  return roots;
}
