// A bureau's site that moved to its www. twin (or dropped the www.) is still the bureau's site: over
// real HTTP, a listing that redirects there is read, while a redirect to any other host is still refused.
import { describe, expect, it } from "vitest";
import { faultHost, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("twin");
const sites = useFaultSites([HOST, `www.${HOST}`]);

describe("a site that moved to its www. twin", () => {
  it("is followed there and read", async () => {
    const result = await sites.crawl("twin", "/redirect-www/");
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => new URL(d.url).hostname)).toContain(`www.${HOST}`);
    expect(result.documents.map((d) => d.yearHint)).toContain(2023);
  });

  it("does not open the bureau to any other host", async () => {
    const result = await sites.crawl("twin", "/redirect-offsite/");
    expect(result.status).not.toBe("ok");
    expect(result.errors.join("\n")).toContain(
      `redirected to http://evil.example.com/: host not allowed for this bureau: evil.example.com (the registry's "hosts" can allow it if it is the bureau's)`,
    );
  });
});
