// The tests' TLS material (test/fixtures/tls, see its README) and the pages their https sites serve.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPORT_TITLE } from "./fault-server.ts";

export const TLS_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/tls");
export const tlsFixture = (name: string) => readFileSync(path.join(TLS_FIXTURES, name));
/** The test root CA, trusted only through `createFetcher({ extraRoots })`. */
export const TEST_ROOT = tlsFixture("aia-root-cert.pem").toString();
/** The aia leaf and its intermediate (PEM), as a correctly configured server sends them. */
export const aiaChainPem = () =>
  `${tlsFixture("aia-leaf-cert.pem").toString().trim()}\n${new X509Certificate(tlsFixture("aia-intermediate-cert.der")).toString()}`;

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
/** A column at /nb/ linking two reports, by path; anything else is "not found". */
export const TLS_SITE_PAGES: Record<string, string> = {
  "/nb/": page(
    `<a href="/nb/2024/t1.html">${REPORT_TITLE(2024)}</a><a href="/nb/2023/t2.html">${REPORT_TITLE(2023)}</a>`,
  ),
  "/nb/2024/t1.html": page(`<h1>${REPORT_TITLE(2024)}</h1>`),
  "/nb/2023/t2.html": page(`<h1>${REPORT_TITLE(2023)}</h1>`),
};
export const TLS_NOT_FOUND = page("not found");
