// Many government sites send their certificate without the intermediate that links it to a trusted root
// (an incomplete chain). Browsers open them all the same: they fetch the missing issuer from the address
// the certificate names (its AIA "CA Issuers" URI). So does the crawler, once per host, before calling
// the site's certificate unacceptable. What it learns only helps build chains: a chain must still end at
// a trusted root and is verified by OpenSSL as any other, so a site is never trusted on its own word.
import { X509Certificate } from "node:crypto";
import { pkcs7Certificates } from "./pkcs7-certificates.ts";

/** OpenSSL's verdicts for a chain that stops short of a trusted root. */
const INCOMPLETE_CHAIN_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** Longer chains than this are not followed up (real ones have one or two intermediates). */
const MAX_DEPTH = 4;

export function isIncompleteChain(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" && INCOMPLETE_CHAIN_CODES.has(code);
}

export interface ChainCompletionDeps {
  /** The certificates the host sends (leaf first), read over a connection that verifies nothing. */
  peerCertificates(url: URL): Promise<Uint8Array[]>;
  /** A small body GET over http(s), through the crawl's connections (address guard and all). */
  download(url: string): Promise<Uint8Array>;
  /** The roots trusted (PEM). */
  roots: readonly string[];
}

/** The AIA "CA Issuers" address of a certificate (Node may quote it). */
export function caIssuersUrl(certificate: X509Certificate): string | undefined {
  for (const line of (certificate.infoAccess ?? "").split("\n")) {
    const value = /^CA Issuers - URI:(.+)$/.exec(line.trim())?.[1];
    if (!value) continue;
    let url = value;
    if (value.startsWith('"')) {
      try {
        url = JSON.parse(value) as string;
      } catch {
        continue;
      }
    }
    if (/^https?:\/\//i.test(url)) return url;
  }
  return undefined;
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

const selfIssued = (c: X509Certificate) => c.checkIssued(c);

export class ChainCompleter {
  /** Intermediates learned from AIA addresses, by SHA-256 fingerprint. */
  private readonly learned = new Map<string, X509Certificate>();
  private readonly downloads = new Map<string, Promise<X509Certificate[]>>();
  private trustedRoots: X509Certificate[] | undefined;

  constructor(private readonly deps: ChainCompletionDeps) {}

  /** Grows each time an intermediate is learned: a pool trusting them must then be rebuilt. */
  get version(): number {
    return this.learned.size;
  }

  intermediates(): string[] {
    return [...this.learned.values()].map((c) => c.toString());
  }

  /**
   * Completes the chain `url`'s host sends, with what was learned before or from AIA addresses now.
   * Undefined when a connection trusting the learned intermediates should now verify; else why not,
   * worded to follow "its chain is incomplete or its issuer unknown, and".
   */
  async complete(url: URL): Promise<string | undefined> {
    let sent: X509Certificate[];
    try {
      sent = (await this.deps.peerCertificates(url)).map((raw) => new X509Certificate(raw));
    } catch (error) {
      return `its certificate could not be looked at: ${(error as Error).message}`;
    }
    const leaf = sent[0];
    if (!leaf) return "it sent no certificate";
    let cert: X509Certificate = leaf;
    let learnedUsed = false;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const current: X509Certificate = cert;
      if (this.roots().some((root) => issues(root, current)))
        return learnedUsed ? undefined : "its chain looks complete, so the problem is elsewhere";
      const issuer: X509Certificate | undefined =
        sent.find((c) => c !== current && issues(c, current)) ??
        [...this.learned.values()].find((c) => issues(c, current));
      if (issuer) {
        if (selfIssued(issuer)) return "its chain ends in a root that is not trusted";
        if (this.learned.has(issuer.fingerprint256)) learnedUsed = true;
        cert = issuer;
        continue;
      }
      const address = caIssuersUrl(cert);
      if (!address)
        return cert === leaf
          ? "its certificate names no address for its missing issuer"
          : `its chain stops at ${cert.subject.replaceAll("\n", ", ")}, whose issuer is neither trusted nor named`;
      let fetched: X509Certificate;
      try {
        // A PKCS#7 may bring the issuer with its own issuers: the one that signed this certificate.
        const certificates = await this.download(address);
        fetched = certificates.find((c) => issues(c, current)) ?? certificates[0]!;
      } catch (error) {
        return `its issuer could not be fetched from ${address}: ${(error as Error).message}`;
      }
      if (!issues(fetched, cert)) return `${address} is not its issuer`;
      if (!fetched.ca) return `${address} is not a CA certificate`;
      // A root named by the site itself is never trusted for it: only the trusted store says what is a root.
      if (selfIssued(fetched)) return `the issuer it names (${address}) is a root that is not trusted`;
      this.learned.set(fetched.fingerprint256, fetched);
      learnedUsed = true;
      cert = fetched;
    }
    return `its chain is longer than ${MAX_DEPTH} certificates`;
  }

  private roots(): X509Certificate[] {
    this.trustedRoots ??= this.deps.roots.flatMap((pem) => {
      try {
        return [new X509Certificate(pem)];
      } catch {
        return [];
      }
    });
    return this.trustedRoots;
  }

  private download(address: string): Promise<X509Certificate[]> {
    let pending = this.downloads.get(address);
    if (!pending) {
      pending = this.deps.download(address).then((bytes) => {
        const certificates = certificatesIn(bytes);
        if (certificates.length === 0) throw new Error("not a certificate (DER, PEM or PKCS#7)");
        return certificates;
      });
      // A failure is not remembered: another host, or the next cycle, may find the CA's server up.
      pending.catch(() => this.downloads.delete(address));
      this.downloads.set(address, pending);
    }
    return pending;
  }
}

/** What a CA serves at an AIA address: one certificate (DER or PEM), or a PKCS#7 of several (.p7c). */
function certificatesIn(bytes: Uint8Array): X509Certificate[] {
  try {
    return [new X509Certificate(bytes)];
  } catch {
    return (pkcs7Certificates(bytes) ?? []).flatMap((der) => {
      try {
        return [new X509Certificate(der)];
      } catch {
        return [];
      }
    });
  }
}
