// A GBK page's links with Chinese in the query are asked for as a browser on that page asks: the query
// in GBK (the URL standard's encoding override), the path in UTF-8. An old server that knows its files by
// GBK names answers them; asked in UTF-8 it answers 404, which would read as a dead report link.
import { describe, expect, it } from "vitest";
import { faultHost, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("gbkquery");
const sites = useFaultSites([HOST]);

describe("a GBK column that names its files in the query", () => {
  it("fetches the report and its attachment under their GBK names, and finds no dead link", async () => {
    const result = await sites.crawl("gbkquery", "/gbk-query/");
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("ok");
    expect(result.deadLinks).toBeUndefined();
    const byYear = new Map(result.documents.map((d) => [d.yearHint, d]));
    expect(byYear.get(2022)?.url).toBe(`http://${HOST}/gbk-query/download.aspx?name=2022%C4%EA%B1%A8.html`);
    const attachment = byYear.get(2021)?.attachments[0];
    expect(attachment?.url).toBe(`http://${HOST}/gbk-query/download.aspx?name=2021%C4%EA%B1%A8.pdf`);
    expect(attachment?.bytes && Buffer.from(attachment.bytes).toString("latin1")).toMatch(/^%PDF/);
    const asked = sites.server.log.filter((e) => e.host === HOST && e.path.includes("download.aspx"));
    expect(asked.map((e) => e.status)).toEqual([200, 200]);
  });
});
