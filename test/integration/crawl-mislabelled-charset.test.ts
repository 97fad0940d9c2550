// A site whose server still labels every page GBK (an old default) after its pages moved to UTF-8: the
// column and the report decode as GBK without one replacement character, into nonsense. The crawl reads
// them as the UTF-8 they are, finds the report and its year. Over real HTTP.
import { describe, expect, it } from "vitest";
import { faultHost, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("mislabelled");
// No <meta charset> to set it right: the header's label is all the page says of itself.
const gbkLabel = (body: string) => ({
  type: "text/html; charset=GBK",
  body: () =>
    Buffer.from(`<!doctype html><html><head><title>信息公开</title></head><body>${body}</body></html>`),
});

const sites = useFaultSites([HOST], {
  "/col/": gbkLabel(
    `<ul><li><a href="/art/1.html">${REPORT_TITLE(2023)}</a></li><li><a href="/art/2.html">关于开展安全生产检查工作的通知</a></li></ul>`,
  ),
  "/art/1.html": gbkLabel(`<h1>${REPORT_TITLE(2023)}</h1><p>一、总体情况</p>`),
});

describe("UTF-8 pages under a server's GBK label", () => {
  it("are read as UTF-8: the report is found, with its year", async () => {
    const result = await sites.crawl("mislabelled", "/col/");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([[`http://${HOST}/art/1.html`, 2023]]);
  });
});
