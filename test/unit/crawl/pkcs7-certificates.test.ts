import { X509Certificate } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pkcs7Certificates } from "../../../shared/crawl/pkcs7-certificates.ts";
import { tlsFixture } from "../../support/tls-fixtures.ts";

const P7C = new Uint8Array(tlsFixture("aia-intermediate-chain.p7c"));

describe("certificates of a certs-only PKCS#7", () => {
  it("are the ones it holds, in order, each a certificate", () => {
    const subjects = pkcs7Certificates(P7C)?.map((der) => new X509Certificate(der).subject);
    expect(subjects).toEqual(["CN=Test Root CA", "CN=Test Intermediate CA"]);
  });

  it("are none of a certificate, a web page or a truncated file", () => {
    expect(pkcs7Certificates(new Uint8Array(tlsFixture("aia-intermediate-cert.der")))).toBeUndefined();
    expect(pkcs7Certificates(new Uint8Array(Buffer.from("<html>404</html>")))).toBeUndefined();
    expect(pkcs7Certificates(P7C.subarray(0, P7C.length - 10))).toBeUndefined();
  });

  it("never throws on damaged input, and finds only whole elements", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: P7C.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (at, value) => {
          const damaged = P7C.slice();
          damaged[at] = value;
          const found = pkcs7Certificates(damaged);
          for (const der of found ?? []) expect(der.length).toBeLessThanOrEqual(P7C.length);
        },
      ),
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => void pkcs7Certificates(bytes)));
  });
});
