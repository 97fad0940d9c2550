// A site reorganised: the registry's listing URL answers 404, and the annual-report column now lives
// elsewhere. Over real HTTP the crawler finds it again from the site's pages (home page, then a
// disclosure hub), reads it, and says where the column is now; a site that is down is not searched.
import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { faultBureau, faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HTML = "text/html; charset=utf-8";
const html = (body: string) => () => htmlFile(body).body(new URLSearchParams(), "GET");
const MOVED = faultHost("moved");
const SOFT = faultHost("soft");
const EMPTIED = faultHost("emptied");
const CHALLENGE = faultHost("challenge");
let emptied = false;
const DOWN = faultHost("down");

const sites = useFaultSites([MOVED, DOWN, SOFT, EMPTIED, CHALLENGE], {
  "/": {
    type: HTML,
    body: html(`<a href="/xwzx/">新闻中心</a><a href="/xxgk/">政府信息公开</a><a href="/hdjl/">互动交流</a>`),
  },
  "/xxgk/": {
    type: HTML,
    body: html(`<a href="/xxgk/zcwj/">政策文件</a><a href="/xxgk/zfxxgknb/">政府信息公开年报</a>`),
  },
  "/xxgk/zfxxgknb/": {
    type: HTML,
    // The portal's shared column: every department's reports, and one with no agency in its title.
    body: html(
      `${["moved", "soft", "财政"]
        .map(
          (name, i) =>
            `<a href="/xxgk/zfxxgknb/202401/t2024011${i}_5.html">示例市${name}局2023年政府信息公开工作年度报告</a>`,
        )
        .join("")}<a href="/xxgk/zfxxgknb/202301/t20230116_4.html">2022年政府信息公开工作年度报告</a>`,
    ),
  },
  // Report pages show their titles, as real ones do (a page with no text is taken for a challenge).
  "/xxgk/zfxxgknb/202401/t20240110_5.html": {
    type: HTML,
    body: html("<h1>示例市moved局2023年政府信息公开工作年度报告</h1>"),
  },
  "/xxgk/zfxxgknb/202401/t20240111_5.html": {
    type: HTML,
    body: html("<h1>示例市soft局2023年政府信息公开工作年度报告</h1>"),
  },
  "/xxgk/zfxxgknb/202401/t20240112_5.html": {
    type: HTML,
    body: html("<h1>示例市财政局2023年政府信息公开工作年度报告</h1>"),
  },
  "/xxgk/zfxxgknb/202301/t20230116_4.html": {
    type: HTML,
    body: html("<h1>2022年政府信息公开工作年度报告</h1><p>一、总体情况：本年度主动公开政府信息。</p>"),
  },
  "/xxgk/zfxxgknb/202401/t20240116_5.html": { type: HTML, body: html(`<h1>${REPORT_TITLE(2023)}</h1>`) },
  "/soft/nb/": {
    type: HTML,
    body: () =>
      Buffer.from(
        "<html><head><title>页面不存在</title></head><body>抱歉，您访问的页面不存在或已被删除。</body></html>",
      ),
  },
  "/challenge/nb/": {
    type: HTML,
    body: () =>
      Buffer.from(
        '<html><head><script>document.cookie="waf_token=8f2a;path=/";location.reload();</script></head><body></body></html>',
      ),
  },
  "/emptied/nb/": {
    type: HTML,
    body: () =>
      html(
        emptied
          ? "<p>暂无信息</p>"
          : `<a href="/xxgk/zfxxgknb/202401/t20240116_5.html">${REPORT_TITLE(2023)}</a>`,
      )(),
  },
});

const crawl = (name: string, listing: string) => sites.crawl(name, listing);

describe("a listing URL that is gone", () => {
  it("finds the column again through the site's pages, reads it, and says where it is now", async () => {
    const result = await crawl("moved", "/zwgk/nb/");
    // Only its own reports: those naming it, and those naming no agency; not the 财政局's.
    expect(result.documents.map((d) => [d.url, d.yearHint])).toEqual([
      [`http://${MOVED}/xxgk/zfxxgknb/202401/t20240110_5.html`, 2023],
      [`http://${MOVED}/xxgk/zfxxgknb/202301/t20230116_4.html`, 2022],
    ]);
    expect(result.status).toBe("partial");
    expect(result.errors).toContain(
      `listing http://${MOVED}/zwgk/nb/ is gone (404/410 or an error page); the site's pages lead to the annual-report column at http://${MOVED}/xxgk/zfxxgknb/: update the registry`,
    );
    const asked = sites.server.log.filter((e) => e.host === MOVED).map((e) => e.path);
    expect(asked).not.toContain("/xwzx/");
  });

  it("takes a listing that answers 200 with a page-not-found page as gone", async () => {
    const result = await crawl("soft", "/soft/nb/");
    expect(result.documents.map((d) => d.url)).toEqual([
      `http://${SOFT}/xxgk/zfxxgknb/202401/t20240111_5.html`,
      `http://${SOFT}/xxgk/zfxxgknb/202301/t20230116_4.html`,
    ]);
    expect(result.visited.find((v) => v.url === `http://${SOFT}/soft/nb/`)).toMatchObject({
      status: 200,
      outcome: "error",
    });
    expect(result.status).toBe("partial");
  });

  it("does not take a column that suddenly lists nothing as evidence of absence", async () => {
    const state = new MemoryCrawlState();
    const bureau = faultBureau(sites.server, "emptied", "/emptied/nb/");
    const deps = { fetcher: sites.fetcher, state, pacing: { minIntervalMs: 1 } };
    expect((await crawlBureau(bureau, deps)).status).toBe("ok");
    emptied = true;
    const after = await crawlBureau(bureau, deps);
    expect(after.documents).toEqual([]);
    expect(after.status).toBe("partial");
    expect(after.errors).toContain(
      `listing http://${EMPTIED}/emptied/nb/ links no report now (1 last time): a moved or broken column? No report is called missing this cycle`,
    );
  });

  it("does not take a page with almost no links (a firewall's challenge) for an empty column", async () => {
    const result = await crawl("challenge", "/challenge/nb/");
    expect(result.status).toBe("partial");
    expect(result.errors).toEqual([
      `listing http://${CHALLENGE}/challenge/nb/ shows almost no links: a challenge, error or blank page? No report is called missing this cycle`,
    ]);
  });

  it("does not search a site that is down, and calls it unreachable", async () => {
    const result = await crawl("down", "/reset/nb/");
    expect(result.status).toBe("unreachable");
    expect(sites.server.log.filter((e) => e.host === DOWN).map((e) => e.path)).not.toContain("/");
  });
});
