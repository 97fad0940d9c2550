// A site on a shared platform whose robots.txt redirects to the platform's, on another host. RFC 9309
// §2.3.1.2: the redirect is followed across hosts and what is found there applies to the site. Before,
// the off-site redirect was refused like any off-site link, robots.txt counted as unavailable and the
// bureau was never crawled. Over real HTTP.
import { describe, expect, it } from "vitest";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const SITE = faultHost("robotsmoved");
const PLATFORM = faultHost("robotshome");
const link = (href: string, text: string) => `<a href="${href}">${text}</a>`;
const report = (year: number) => htmlFile(`<h1>${REPORT_TITLE(year)}</h1><p>一、总体情况</p>`);

const sites = useFaultSites([SITE, PLATFORM], {
  "/platform-robots.txt": {
    type: "text/plain",
    body: () => Buffer.from("User-agent: *\nDisallow: /nb/2023\n"),
  },
  "/list/": htmlFile(link("/nb/2023.html", REPORT_TITLE(2023)) + link("/nb/2022.html", REPORT_TITLE(2022))),
  "/nb/2022.html": report(2022),
  "/nb/2023.html": report(2023),
});

describe("a robots.txt that redirects to another host", () => {
  it("is followed there, and its rules are obeyed on the site", async () => {
    const result = await sites.crawl("robotsmoved", "/list/");
    expect(result.status).toBe("partial");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2022]);
    expect(result.errors).toEqual([expect.stringMatching(/\/nb\/2023\.html: .*disallowed by robots\.txt/)]);
    const log = sites.server.log.map((e) => `${e.host}${e.path} ${e.status}`);
    expect(log).toContain(`${PLATFORM}/platform-robots.txt 200`);
    expect(log.filter((l) => l.startsWith(`${SITE}/nb/2023`))).toEqual([]);
  });

  it("still keeps every other request on the bureau's hosts", async () => {
    const robots = await sites.fetcher
      .fetch({ url: `http://${SITE}/robots.txt`, allowedHosts: new Set([SITE]) })
      .catch((error: Error) => error);
    expect(robots).toBeInstanceOf(Error);
    expect((robots as Error).message).toContain(`host not allowed for this bureau: ${PLATFORM}`);
  });
});
