import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { defaultRoots } from "../../../shared/crawl/default-roots.ts";
import { TEST_ROOT } from "../../support/tls-fixtures.ts";

describe("the roots a pool with its own CA list starts from", () => {
  it("are Node's bundled roots and every certificate of NODE_EXTRA_CA_CERTS", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gdm-roots-"));
    try {
      const file = path.join(dir, "extra.pem");
      writeFileSync(file, `# the operator's CAs\n${TEST_ROOT}\n${rootCertificates[0]}\n`);
      const roots = defaultRoots({ NODE_EXTRA_CA_CERTS: file });
      expect(roots).toHaveLength(rootCertificates.length + 2);
      expect(roots.at(-2)?.trim()).toBe(TEST_ROOT.trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are Node's bundled roots when the variable is unset or names no readable file, as Node starts then", () => {
    expect(defaultRoots({})).toEqual(rootCertificates);
    expect(defaultRoots({ NODE_EXTRA_CA_CERTS: "/nonexistent/extra.pem" })).toEqual(rootCertificates);
  });
});
