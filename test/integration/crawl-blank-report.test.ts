// A report link that leads to a page with no text (a firewall's script challenge served with 200, a blank
// error page): over real HTTP the crawl says so and is partial, keeps nothing of the page, and reads it
// once it shows the report, so a challenge never turns into "not an annual report" or "missing".
import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import { faultBureau, faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("guarded");
const CHALLENGE =
  '<script>var _0x=["cookie","__jsl_clearance=1700000000.1|0|x"];document[_0x[0]]=_0x[1];location.href=location.pathname;</script>';
let challenged = true;

const sites = useFaultSites([HOST], {
  "/nb/": htmlFile(
    `<a href="/nb/2023/t1.html">${REPORT_TITLE(2023)}</a><a href="/nb/2022/t2.html">${REPORT_TITLE(2022)}</a>`,
  ),
  "/nb/2023/t1.html": htmlFile(() => (challenged ? CHALLENGE : `<h1>${REPORT_TITLE(2023)}</h1>`)),
  "/nb/2022/t2.html": htmlFile(`<h1>${REPORT_TITLE(2022)}</h1>`),
});

describe("a report page that shows no text", () => {
  it("is not read, makes the crawl partial with a line saying why, and is read once it shows the report", async () => {
    const bureau = faultBureau(sites.server, "guarded", "/nb/");
    const state = new MemoryCrawlState();
    const deps = { fetcher: sites.fetcher, state, pacing: { minIntervalMs: 1 } };
    const url = `http://${HOST}/nb/2023/t1.html`;

    const first = await crawlBureau(bureau, deps);
    expect(first.status).toBe("partial");
    expect(first.errors).toContain(
      `report ${url} shows no text (a challenge, error or images-only page?): not judged this cycle`,
    );
    expect(first.documents.map((d) => d.yearHint)).toEqual([2022]);
    // Nothing of it is kept: the next cycle asks for it whole, without validators.
    expect(await state.getUrlState(url)).toBeUndefined();

    challenged = false;
    const second = await crawlBureau(bureau, deps);
    expect(second.status).toBe("ok");
    expect(second.documents.map((d) => d.yearHint).sort()).toEqual([2022, 2023]);
    const asked = sites.server.log.filter((e) => e.host === HOST && e.path === "/nb/2023/t1.html");
    expect(asked.map((e) => e.headers["if-none-match"])).toEqual([undefined, undefined]);
  });
});
