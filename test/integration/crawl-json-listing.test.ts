// A column drawn by script from a JSON API: the registry names the API (or its JSONP form) as the listing,
// and the crawl reads its entries as a column's links, whatever the CMS called their fields. Over real HTTP.
import { describe, expect, it } from "vitest";
import { MemoryCrawlState } from "../../shared/crawl/index.ts";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("jsonapi");
const report = (year: number) => htmlFile(`<h1>${REPORT_TITLE(year)}</h1><p>一、总体情况</p>`);
const json = (body: unknown, type = "application/json;charset=UTF-8") => ({
  type,
  body: () => Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
});

/** A column page that links only the site's navigation; its script draws the list. */
const drawnColumn = (script: string) =>
  htmlFile(
    '<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></nav><ul id="list"></ul>',
    `<script src="/js/jquery.min.js"></script><script>var channelId = 12; ${script}</script>`,
  );

/** A shared column of many entries: this bureau's oldest report is on its third page of two. */
const SHARED_COLUMN = [
  { title: "关于开展安全生产检查工作的通知", url: "/tz/1.html" },
  { title: REPORT_TITLE(2023), url: "/nb/202401/t20240115_11.html" },
  { title: "关于公布权责清单的通知", url: "/tz/2.html" },
  { title: REPORT_TITLE(2022), url: "/nb/202301/t20230110_10.html" },
  { title: REPORT_TITLE(2021), url: "/nb/202201/t20220112_9.html" },
];
/** The page of SHARED_COLUMN a request asks for (`pageNo`, from 1), two entries a page. */
const pageOf = (params: URLSearchParams) => {
  const page = Number(params.get("pageNo"));
  return SHARED_COLUMN.slice((page - 1) * 2, page * 2);
};

const sites = useFaultSites([HOST], {
  "/api/channel/list": json({
    code: 0,
    data: {
      total: 3,
      rows: [
        { docId: 11, docTitle: `<em>${REPORT_TITLE(2023)}</em>`, docUrl: "/nb/202401/t20240115_11.html" },
        { docId: 10, docTitle: REPORT_TITLE(2022), docUrl: `http://${HOST}/nb/202301/t20230110_10.html` },
        { docId: 9, docTitle: "关于开展安全生产检查工作的通知", docUrl: "/tz/9.html" },
      ],
    },
  }),
  "/api/jsonp": json(
    `cb_1701(${JSON.stringify([{ title: REPORT_TITLE(2023), url: "/nb/202401/t20240115_11.html" }])});`,
    "application/javascript",
  ),
  // Relative to the column page the script runs in, which the API does not name: not guessed at.
  "/api/relative": json({ list: [{ title: REPORT_TITLE(2023), url: "./202401/t20240115_11.html" }] }),
  // The shared column, page by page.
  "/api/paged": {
    type: "application/json",
    body: (params) => {
      const list = pageOf(params);
      const total = SHARED_COLUMN.length;
      const hasNext = Number(params.get("pageNo")) * 2 < total;
      // One API says how many entries it has; another only whether more follow.
      return Buffer.from(JSON.stringify(params.has("flag") ? { hasNext, list } : { total, list }));
    },
  },
  // An API that says nothing of what follows: pages are asked for while they come as full as asked.
  "/api/silent": {
    type: "application/json",
    body: (params) => {
      const all = [REPORT_TITLE(2023), "关于公布权责清单的通知", REPORT_TITLE(2022), REPORT_TITLE(2021)];
      const page = Number(params.get("page"));
      const list = all
        .slice((page - 1) * 3, page * 3)
        .map((title, i) => ({ title, url: `/s/${page}-${i}.html` }));
      return Buffer.from(JSON.stringify({ data: list }));
    },
  },
  "/s/1-0.html": report(2023),
  "/s/1-2.html": report(2022),
  "/s/2-0.html": report(2021),
  // A column page whose list is data in its own script, relative to the page, drawn by that script.
  "/col/index.html": htmlFile(
    '<ul id="list"></ul>',
    `<script>
      var docs = [
        {title:'${REPORT_TITLE(2023)}', url:'./202401/t20240115_21.html', date:'2024-01-15'},
        {title:'关于公布权责清单的通知', url:'./202312/t20231201_20.html'},
        {title:'${REPORT_TITLE(2022)}', url:'202301/t20230110_19.html'},
      ];
      for (var i = 0; i < docs.length; i++) document.getElementById("list").innerHTML += docs[i].title;
    </script>`,
  ),
  // The same list in a script file the column page loads, named as the listing.
  "/js/col-list.js": {
    type: "application/javascript",
    body: () =>
      Buffer.from(`var docs = [{title:'${REPORT_TITLE(2023)}', url:'/col/202401/t20240115_21.html'}];`),
  },
  // A report page whose attachment list its script draws from the page's own data.
  "/col/202401/t20240115_21.html": htmlFile(
    `<h1>${REPORT_TITLE(2023)}</h1><p>一、总体情况</p><div id="files"></div>`,
    `<script>var fileList = [{fileName:'${REPORT_TITLE(2023)}.pdf', filePath:'/u/cms/2024/01/nb2023.pdf'}];</script>`,
  ),
  // Column pages that link only the site's navigation, their list fetched by their scripts.
  "/drawn/index.html": drawnColumn(
    '$.ajax({ url: "/api/channel/list", type: "GET", dataType: "json", success: draw });',
  ),
  // The API answers with addresses relative to the column page the script runs in.
  "/drawn/rel/index.html": drawnColumn('$.getJSON("list.json?page=1", draw);'),
  "/drawn/rel/list.json": json({ list: [{ title: REPORT_TITLE(2023), url: "./202401/t20240115_31.html" }] }),
  "/drawn/rel/202401/t20240115_31.html": report(2023),
  // Entries as ids the script makes addresses of: nothing to read, and nothing called missing.
  "/drawn/ids/index.html": drawnColumn('fetch("/api/ids").then((r) => r.json()).then(draw);'),
  "/api/ids": json({ rows: [{ id: 31, title: REPORT_TITLE(2023) }] }),
  // An API that answers only what the page's script posts: its column's id, as a form.
  "/drawn/post/index.html": drawnColumn(
    '$.ajax({ url: "/api/post-list", type: "post", data: { channelId: 12, pageSize: 15 }, dataType: "json", success: draw });',
  ),
  "/api/post-list": {
    type: "application/json",
    status: (_params, method) => (method === "POST" ? 200 : 405),
    body: (params) =>
      Buffer.from(
        JSON.stringify({
          list:
            params.get("channelId") === "12"
              ? [{ title: REPORT_TITLE(2023), url: "/nb/202401/t20240115_11.html" }]
              : [],
        }),
      ),
  },
  // The address joined from a literal and a name the page's script gives its value (channelId = 12).
  "/drawn/joined/index.html": drawnColumn('$.getJSON("/api/by-channel?channelId=" + channelId, draw);'),
  "/api/by-channel": {
    type: "application/json",
    body: (params) =>
      Buffer.from(
        JSON.stringify(
          params.get("channelId") === "12"
            ? [{ title: REPORT_TITLE(2022), url: "/nb/202301/t20230110_10.html" }]
            : [],
        ),
      ),
  },
  // The shared column asked by POST only: its page number is in the form.
  "/drawn/post-paged/index.html": drawnColumn(
    '$.ajax({ url: "/api/post-paged", type: "POST", data: { channelId: 12, pageNo: 1, pageSize: 2 }, success: draw });',
  ),
  "/api/post-paged": {
    type: "application/json",
    status: (_params, method) => (method === "POST" ? 200 : 405),
    body: (params) => Buffer.from(JSON.stringify({ total: SHARED_COLUMN.length, list: pageOf(params) })),
  },
  // A framework's template the browser fills from the app's own bundle: nothing here to read.
  "/drawn/vue/index.html": htmlFile(
    '<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></nav><div id="app"><ul><li v-for="item in list"><a :href="item.url">{{ item.title }}</a></li></ul></div>',
    '<script src="/static/js/app.91c3.js"></script>',
  ),
  // Built from the page's own address: not guessed at.
  "/drawn/built/index.html": drawnColumn(
    '$.ajax({ url: "/api/list?channelId=" + location.hash.slice(1), success: draw });',
  ),
  "/u/cms/2024/01/nb2023.pdf": { type: "application/pdf", body: () => Buffer.from("%PDF-1.4\n%%EOF\n") },
  "/col/202301/t20230110_19.html": report(2022),
  "/nb/202201/t20220112_9.html": report(2021),
  "/nb/202401/t20240115_11.html": report(2023),
  "/nb/202301/t20230110_10.html": report(2022),
});

const crawl = (listing: string) => sites.crawl("jsonapi", listing);

describe("a column whose list is data in its page's script", () => {
  it("gives its entries' reports, their addresses relative to the page", async () => {
    const result = await crawl("/col/index.html");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${HOST}/col/202401/t20240115_21.html`, 2023],
      [`http://${HOST}/col/202301/t20230110_19.html`, 2022],
    ]);
    // And a report page's attachment list drawn from its script's data is followed too.
    expect(result.documents[0]?.attachments.map((a) => a.url)).toEqual([
      `http://${HOST}/u/cms/2024/01/nb2023.pdf`,
    ]);
  });

  it("gives them from a script file the page loads, named as the listing", async () => {
    const result = await crawl("/js/col-list.js");
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${HOST}/col/202401/t20240115_21.html`, 2023],
    ]);
  });
});

describe("a column page whose script fetches its list", () => {
  it("is read through the address its script asks, sent with the page as Referer", async () => {
    const result = await crawl("/drawn/index.html");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${HOST}/nb/202401/t20240115_11.html`, 2023],
      [`http://${HOST}/nb/202301/t20230110_10.html`, 2022],
    ]);
    const asked = sites.server.log.findLast((e) => e.path === "/api/channel/list");
    expect(asked?.headers.referer).toBe(`http://${HOST}/drawn/index.html`);
  });

  it("is followed again on the next cycle, the API's answer unchanged", async () => {
    const state = new MemoryCrawlState();
    await sites.crawl("jsonapi", "/drawn/index.html", state);
    const again = await sites.crawl("jsonapi", "/drawn/index.html", state);
    expect(again.status).toBe("ok");
    expect(again.documents.map((d) => [d.yearHint, d.unchanged])).toEqual([
      [2023, true],
      [2022, true],
    ]);
  });

  it("posts what the page's script posts, where it posts", async () => {
    const result = await crawl("/drawn/post/index.html");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.url)).toEqual([`http://${HOST}/nb/202401/t20240115_11.html`]);
  });

  it("asks the address the script joins from a literal and a value it gives", async () => {
    const result = await crawl("/drawn/joined/index.html");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2022]);
  });

  it("asks a POSTed column page after page, and a quiet second cycle writes nothing", async () => {
    const state = new MemoryCrawlState();
    const before = sites.server.log.length;
    const result = await sites.crawl("jsonapi", "/drawn/post-paged/index.html", state);
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2023, 2022, 2021]);
    const posts = sites.server.log.slice(before).filter((e) => e.path === "/api/post-paged");
    expect(posts.map((e) => [e.method, new URLSearchParams(e.form).get("pageNo")])).toEqual([
      ["POST", "1"],
      ["POST", "2"],
      ["POST", "3"],
    ]);
    const writes = state.writes;
    const again = await sites.crawl("jsonapi", "/drawn/post-paged/index.html", state);
    expect(again.documents.map((d) => [d.yearHint, d.unchanged])).toEqual([
      [2023, true],
      [2022, true],
      [2021, true],
    ]);
    expect(state.writes).toBe(writes);
  });

  it("takes the answer's addresses relative to the page the script runs in", async () => {
    const result = await crawl("/drawn/rel/index.html");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.url)).toEqual([`http://${HOST}/drawn/rel/202401/t20240115_31.html`]);
  });

  it("calls nothing missing when the answer holds no addresses, and says what to name instead", async () => {
    const result = await crawl("/drawn/ids/index.html");
    expect(result.documents).toEqual([]);
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([
      `listing http://${HOST}/drawn/ids/index.html draws its list by script from http://${HOST}/api/ids, which gave no report links: name the address its entries come from as the listing; no report is called missing this cycle`,
    ]);
  });

  it("calls nothing missing for a column a framework's template draws, and says so", async () => {
    const result = await crawl("/drawn/vue/index.html");
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([
      `listing http://${HOST}/drawn/vue/index.html draws its list in the browser from a framework's template (v-for, ng-repeat…): name the address its entries come from as the listing; no report is called missing this cycle`,
    ]);
  });

  it("fetches no address its code builds, and calls nothing missing for it", async () => {
    const before = sites.server.log.length;
    const result = await crawl("/drawn/built/index.html");
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([
      expect.stringContaining(
        `draws its list by script from an address its code builds (http://${HOST}/api/list?channelId=…)`,
      ),
    ]);
    expect(sites.server.log.slice(before).map((e) => e.path)).toEqual([
      "/robots.txt",
      "/drawn/built/index.html",
    ]);
  });
});

describe("a column served as JSON", () => {
  it("gives its entries' reports, with their years", async () => {
    const result = await crawl("/api/channel/list");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${HOST}/nb/202401/t20240115_11.html`, 2023],
      [`http://${HOST}/nb/202301/t20230110_10.html`, 2022],
    ]);
  });

  it("is read page after page while the API says it has more", async () => {
    const result = await crawl("/api/paged?pageNo=1&pageSize=2");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2023, 2022, 2021]);
    const asked = sites.server.log.filter((e) => e.path === "/api/paged").length;
    expect(asked).toBe(3);
  });

  it("is read page after page while a flag says more follow", async () => {
    const before = sites.server.log.filter((e) => e.path === "/api/paged").length;
    const result = await crawl("/api/paged?pageNo=1&pageSize=2&flag=1");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2023, 2022, 2021]);
    expect(sites.server.log.filter((e) => e.path === "/api/paged").length - before).toBe(3);
  });

  it("is read while its pages come as full as asked, when the API says nothing of what follows", async () => {
    const result = await crawl("/api/silent?page=1&rows=3");
    expect(result.status).toBe("ok");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2023, 2022, 2021]);
    // The second page held one entry of three: no third is asked for.
    expect(sites.server.log.filter((e) => e.path === "/api/silent").length).toBe(2);
  });

  it("is read as JSONP too", async () => {
    const result = await crawl("/api/jsonp");
    expect(result.documents.map((d) => d.yearHint)).toEqual([2023]);
  });

  it("does not guess where a relative address leads, and calls no report missing for it", async () => {
    const result = await crawl("/api/relative");
    expect(result.documents).toEqual([]);
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([expect.stringContaining("shows almost no links")]);
  });
});
