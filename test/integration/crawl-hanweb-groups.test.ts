// A long Hanweb (大汉) column (政务公开 columns hold notices and reports alike): the page's datastore
// holds the first 45 records, and the bureau's older report is further down. Over real HTTP the
// crawler asks dataproxy.jsp for the next groups as the column's script would, and stops at the last.
import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { faultBureau, faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("hanweb");
const TOTAL = 50;
const PROXY = "/module/web/jpage/dataproxy.jsp";
const NEXT_GROUP = `${PROXY}?page=1&appid=1&webid=1&path=/&columnid=1229230631&unitid=4514232&permissiontype=0`;

/** Record i of the column (0 newest): notices, and this bureau's 2023 and 2021 reports. */
function record(i: number): string {
  const [href, title] =
    i === 3
      ? ["/art/2024/1/19/art_1229230631_3.html", REPORT_TITLE(2023)]
      : i === 47
        ? ["/art/2022/1/18/art_1229230631_47.html", REPORT_TITLE(2021)]
        : [`/art/2024/1/2/art_1229230631_${i}.html`, `关于做好第${i}批政务公开工作的通知`];
  return `<record><![CDATA[<li><a href="${href}" title="${title}">${title}</a></li>]]></record>`;
}
const records = (from: number, to: number) =>
  Array.from({ length: Math.max(0, Math.min(to, TOTAL) - from + 1) }, (_, k) => record(from - 1 + k)).join(
    "\n",
  );
const datastore = (body: string) =>
  `<datastore><nextgroup><![CDATA[<a href="${NEXT_GROUP}"></a>]]></nextgroup><recordset>${body}</recordset></datastore>`;
const reportPage = (title: string) => htmlFile(`<h1>${title}</h1><p>一、总体情况</p>`);

const sites = useFaultSites([HOST], {
  "/col/col1229230631/index.html": htmlFile(
    `<a href="/">首页</a><a href="/xxgk/">信息公开</a><div id="4514232"><script type="text/xml">${datastore(records(1, 45))}</script></div>
    <script>$('#4514232').jpage({totalRecord:${TOTAL},perPage:15,groupSize:3});</script>`,
  ),
  // As real ones: records for the column script's POST of the column's form; anything else is refused.
  [PROXY]: {
    type: "text/xml; charset=utf-8",
    body: (params, method) =>
      Buffer.from(
        method === "POST" && params.get("columnid") === "1229230631"
          ? datastore(records(Number(params.get("startrecord")), Number(params.get("endrecord"))))
          : "<h2>非法请求</h2>",
      ),
  },
  // A site whose dataproxy.jsp refuses every request with an error page of its own.
  "/col/col2/index.html": htmlFile(
    `<a href="/">首页</a><a href="/xxgk/">信息公开</a><div id="2"><script type="text/xml">${datastore(records(1, 45)).replace("/module/web/jpage/", "/module/jpage/")}</script></div>
    <script>$('#2').jpage({totalRecord:${TOTAL},perPage:15});</script>`,
  ),
  "/module/jpage/dataproxy.jsp": htmlFile("<h2>非法请求</h2>"),
  // A site whose firewall refuses our POST (405, or a 403 page) but serves the same address to a GET.
  "/col/col3/index.html": htmlFile(
    `<a href="/">首页</a><a href="/xxgk/">信息公开</a><div id="3"><script type="text/xml">${datastore(records(1, 45)).replace("/module/web/jpage/", "/module/get/")}</script></div>
    <script>$('#3').jpage({totalRecord:${TOTAL},perPage:15});</script>`,
  ),
  "/module/get/dataproxy.jsp": {
    type: "text/xml; charset=utf-8",
    status: (_params, method) => (method === "POST" ? 405 : 200),
    body: (params, method) =>
      Buffer.from(
        method === "GET" && params.get("columnid") === "1229230631"
          ? datastore(records(Number(params.get("startrecord")), Number(params.get("endrecord"))))
          : "<h2>Method Not Allowed</h2>",
      ),
  },
  // And one whose dataproxy.jsp is failing: a 500 is not asked again another way.
  "/col/col4/index.html": htmlFile(
    `<a href="/">首页</a><a href="/xxgk/">信息公开</a><div id="4"><script type="text/xml">${datastore(records(1, 45)).replace("/module/web/jpage/", "/module/down/")}</script></div>
    <script>$('#4').jpage({totalRecord:${TOTAL},perPage:15});</script>`,
  ),
  "/module/down/dataproxy.jsp": {
    type: "text/html",
    status: () => 500,
    body: () => Buffer.from("internal error"),
  },
  "/art/2024/1/19/art_1229230631_3.html": reportPage(REPORT_TITLE(2023)),
  "/art/2022/1/18/art_1229230631_47.html": reportPage(REPORT_TITLE(2021)),
});

describe("a Hanweb column longer than its first datastore", () => {
  it("is read to its last record through dataproxy.jsp, and the report further down is found", async () => {
    const bureau = {
      ...faultBureau(sites.server, "hanweb", "/col/col1229230631/index.html"),
      name: "示例市统计局",
    };
    const result = await crawlBureau(bureau, {
      fetcher: sites.fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1 },
    });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("ok");
    const proxied = sites.server.log.filter((e) => e.path === PROXY);
    expect(proxied).toHaveLength(1);
    // Asked as the column's script asks: a POST of the column's parameters, from the column page.
    expect(proxied[0]?.method).toBe("POST");
    const form = new URLSearchParams(proxied[0]?.form);
    expect(form.get("columnid")).toBe("1229230631");
    expect(form.get("unitid")).toBe("4514232");
    expect(form.has("startrecord")).toBe(false);
    expect(proxied[0]?.headers.referer).toBe(`${sites.server.origin(HOST)}/col/col1229230631/index.html`);
    expect(result.documents.map((d) => d.yearHint).sort()).toContain(2021);
    expect(result.visited.find((v) => v.url.includes("startrecord=46"))?.kind).toBe("listing");
  });

  it("makes the crawl partial when dataproxy.jsp answers with something else than records", async () => {
    const bureau = { ...faultBureau(sites.server, "hanweb", "/col/col2/index.html"), name: "示例市统计局" };
    const result = await crawlBureau(bureau, {
      fetcher: sites.fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1 },
    });
    expect(result.status).toBe("partial");
    expect(result.unjudgedYears).toBeUndefined();
    expect(result.errors).toEqual([expect.stringContaining("the column's next records did not come")]);
  });

  it("asks by GET, once, when the POST is refused, and reads the column whole", async () => {
    const bureau = { ...faultBureau(sites.server, "hanweb", "/col/col3/index.html"), name: "示例市统计局" };
    const logged: Record<string, unknown>[] = [];
    const result = await crawlBureau(bureau, {
      fetcher: sites.fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1 },
      log: (e) => logged.push(e),
    });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.yearHint)).toContain(2021);
    const asked = sites.server.log.filter((e) => e.path === "/module/get/dataproxy.jsp");
    expect(asked.map((e) => e.method)).toEqual(["POST", "GET"]);
    expect(logged.filter((e) => e.event === "group-by-get")).toHaveLength(1);
  });

  it("does not ask a failing dataproxy.jsp again by GET, and says the crawl is partial", async () => {
    const bureau = { ...faultBureau(sites.server, "hanweb", "/col/col4/index.html"), name: "示例市统计局" };
    const result = await crawlBureau(bureau, {
      fetcher: sites.fetcher,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 1, maxRetries: 0 },
    });
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([expect.stringContaining("HTTP 500")]);
    const asked = sites.server.log.filter((e) => e.path === "/module/down/dataproxy.jsp");
    expect(asked.map((e) => e.method)).toEqual(["POST"]);
  });
});
