import { X509Certificate } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChainCompleter, caIssuersUrl, isIncompleteChain } from "../../../shared/crawl/chain-completion.ts";
import { TEST_ROOT, tlsFixture } from "../../support/tls-fixtures.ts";

const fixture = tlsFixture;
const ROOT = TEST_ROOT;
const LEAF = new X509Certificate(fixture("aia-leaf-cert.pem"));
const INTERMEDIATE = fixture("aia-intermediate-cert.der");
/** The root and the intermediate as a certs-only PKCS#7, as some CAs serve their .p7c. */
const CHAIN_P7C = fixture("aia-intermediate-chain.p7c");
const SITE = new URL("https://tjj.aia.example.gov.cn/nb/");

function completer(download: (url: string) => Promise<Uint8Array>, roots = [ROOT]) {
  const asked: string[] = [];
  const c = new ChainCompleter({
    roots,
    peerCertificates: async () => [LEAF.raw],
    download: (url) => {
      asked.push(url);
      return download(url);
    },
  });
  return { c, asked };
}

describe("ChainCompleter", () => {
  it("learns the missing intermediate from the leaf's AIA address, and uses it for the next host without asking", async () => {
    const { c, asked } = completer(async () => INTERMEDIATE);
    expect(await c.complete(SITE)).toBeUndefined();
    expect(c.version).toBe(1);
    expect(c.intermediates()).toEqual([new X509Certificate(INTERMEDIATE).toString()]);
    expect(await c.complete(new URL("https://www.aia.example.gov.cn/"))).toBeUndefined();
    expect(asked).toEqual(["http://ca.aia.example.test/int.cer"]);
  });

  it.each([
    ["DER", CHAIN_P7C],
    [
      "PEM",
      Buffer.from(
        `-----BEGIN PKCS7-----\n${CHAIN_P7C.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PKCS7-----\n`,
      ),
    ],
  ])(
    "takes the issuer out of a PKCS#7 (%s) that the AIA address serves with the root before it",
    async (_, body) => {
      const { c } = completer(async () => body);
      expect(await c.complete(SITE)).toBeUndefined();
      expect(c.intermediates()).toEqual([new X509Certificate(INTERMEDIATE).toString()]);
    },
  );

  it("does not remember a failed download: the CA's server may answer next time", async () => {
    let calls = 0;
    const { c } = completer(async () => {
      calls++;
      if (calls === 1) throw new Error("HTTP 503");
      return INTERMEDIATE;
    });
    expect(await c.complete(SITE)).toBe(
      "its issuer could not be fetched from http://ca.aia.example.test/int.cer: HTTP 503",
    );
    expect(await c.complete(SITE)).toBeUndefined();
  });

  it.each([
    [
      "something that is not a certificate",
      Buffer.from("<html>404</html>"),
      "not a certificate (DER, PEM or PKCS#7)",
    ],
    ["another CA's certificate", fixture("aia-rogue-root-cert.der"), "is not its issuer"],
  ])("refuses %s from the AIA address", async (_, body, why) => {
    const { c } = completer(async () => body);
    expect(await c.complete(SITE)).toContain(why);
    expect(c.version).toBe(0);
  });

  it("learns nothing that would make a chain to an untrusted root pass", async () => {
    const { c } = completer(async () => INTERMEDIATE, []);
    expect(await c.complete(SITE)).toBe(
      "its chain stops at CN=Test Intermediate CA, whose issuer is neither trusted nor named",
    );
  });

  it("says so when the chain needed nothing learned (the problem is elsewhere)", async () => {
    const c = new ChainCompleter({
      roots: [ROOT],
      peerCertificates: async () => [LEAF.raw, new Uint8Array(INTERMEDIATE)],
      download: async () => {
        throw new Error("not asked");
      },
    });
    expect(await c.complete(SITE)).toBe("its chain looks complete, so the problem is elsewhere");
  });

  it("never throws on whatever a server sends as its certificates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 3 }), async (chain) => {
        const c = new ChainCompleter({
          roots: [ROOT],
          peerCertificates: async () => chain,
          download: async () => INTERMEDIATE,
        });
        expect(typeof (await c.complete(SITE))).toBe("string");
      }),
      { numRuns: 200 },
    );
  });
});

describe("caIssuersUrl and isIncompleteChain", () => {
  it("reads the CA Issuers address, quoted or not, and only http(s)", () => {
    const at = (infoAccess: string) => caIssuersUrl({ infoAccess } as X509Certificate);
    expect(caIssuersUrl(LEAF)).toBe("http://ca.aia.example.test/int.cer");
    expect(at('OCSP - URI:http://o.example/\nCA Issuers - URI:"http://c.example/a,b.crt"')).toBe(
      "http://c.example/a,b.crt",
    );
    expect(at("CA Issuers - URI:ldap://c.example/cn=x")).toBeUndefined();
    expect(at("")).toBeUndefined();
  });

  it("knows OpenSSL's verdicts for a chain that stops short, directly or as a cause", () => {
    expect(isIncompleteChain({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" })).toBe(true);
    expect(isIncompleteChain({ cause: { code: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" } })).toBe(true);
    expect(isIncompleteChain({ code: "CERT_HAS_EXPIRED" })).toBe(false);
    expect(isIncompleteChain(undefined)).toBe(false);
  });
});
