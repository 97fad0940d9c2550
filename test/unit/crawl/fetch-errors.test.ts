import { describe, expect, it } from "vitest";
import { CERTIFICATE_NOT_ACCEPTED, toFetchError } from "../../../shared/crawl/errors.ts";

const url = "https://tjj.example.gov.cn/nb/";
const thrown = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("toFetchError", () => {
  it.each([
    ["CERT_HAS_EXPIRED", "it has expired"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "its chain is incomplete or its issuer unknown"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "it is for another host name"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "it is self-signed"],
  ])("calls %s a certificate problem, not retried, naming the host and the way out", (code, reason) => {
    const error = toFetchError(thrown(code), url, false);
    expect(error).toMatchObject({ kind: "tls", retryable: false });
    expect(error.message).toBe(
      `${CERTIFICATE_NOT_ACCEPTED} for tjj.example.gov.cn: ${reason} (${url}); the registry can allow it with "acceptInvalidCertificates": true`,
    );
  });

  it("calls a failed handshake a TLS error, not retried, and no certificate problem", () => {
    const error = toFetchError(thrown("ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number"), url, false);
    expect(error).toMatchObject({ kind: "tls", retryable: false });
    expect(error.message).toContain("TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)");
    expect(error.message.startsWith(CERTIFICATE_NOT_ACCEPTED)).toBe(false);
  });

  it("still retries a reset connection", () => {
    expect(toFetchError(thrown("ECONNRESET"), url, false)).toMatchObject({
      kind: "network",
      retryable: true,
    });
  });
});
