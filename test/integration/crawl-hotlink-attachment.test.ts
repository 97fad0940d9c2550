// Many government file servers refuse hotlinks (防盗链): a PDF is served only to a request whose Referer
// is a page of the site, as a browser's is when a reader clicks the attachment. Over real HTTP: the
// crawler sends the report page as Referer for its attachments, and gets them.
import { describe, expect, it } from "vitest";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("hotlink");
const sites = useFaultSites([HOST], {
  "/nb/": htmlFile(
    `<a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/nb/2023.html">${REPORT_TITLE(2023)}</a>`,
  ),
  "/nb/2023.html": htmlFile(
    `<h1>${REPORT_TITLE(2023)}</h1><p>附件：<a href="/hotlink/2023.pdf">${REPORT_TITLE(2023)}.pdf</a></p>`,
  ),
});

describe("an attachment on a file server that refuses hotlinks", () => {
  it("is fetched with the report page as Referer, as a browser fetches it (and the page with its column)", async () => {
    const result = await sites.crawl("hotlink", "/nb/");
    expect(result.errors).toEqual([]);
    const report = result.documents.find((d) => d.url.endsWith("/nb/2023.html"));
    expect(report?.attachments?.map((a) => [new URL(a.url).pathname, a.contentType])).toEqual([
      ["/hotlink/2023.pdf", "application/pdf"],
    ]);
    // The report page itself was asked for from its column, as a reader's click asks.
    const page = sites.server.log.find((e) => e.path === "/nb/2023.html");
    expect(page?.headers.referer).toBe(`${sites.server.origin(HOST)}/nb/`);
    const asked = sites.server.log.filter((e) => e.path === "/hotlink/2023.pdf");
    expect(asked.map((e) => [e.status, e.headers.referer])).toEqual([
      [200, `${sites.server.origin(HOST)}/nb/2023.html`],
    ]);
  });
});
