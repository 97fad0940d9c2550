// A report page split over three pages by the CMS (TRS's createPageHTML): over real HTTP the crawl reads
// all three as one document with every section, finds it unchanged as a whole on a quiet re-crawl (304s,
// nothing written), changed when a later page changes, and reads nothing of half an article.
import { describe, expect, it } from "vitest";
import { MemoryCrawlState } from "../../shared/crawl/memory-state.ts";
import type { UrlState } from "../../shared/domain/crawl.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("paged");
const STEM = "t20240115_2517736";
const script = (current: number) =>
  `<div class="fy"><script>createPageHTML(3, ${current}, "${STEM}", "html");</script></div>`;
let lastSection = "<p>六、其他需要报告的事项</p><p>本机关无其他需要报告的事项。</p>";
// An article whose third page is gone (nothing is served there).
const BROKEN = "t20230112_1888888";

const sites = useFaultSites([HOST], {
  "/nb/": htmlFile(`<a href="/nb/202401/${STEM}.html">${REPORT_TITLE(2023)}</a>`),
  [`/nb/202401/${STEM}.html`]: htmlFile(
    `<h1>${REPORT_TITLE(2023)}</h1><p>一、总体情况</p><p>本机关认真贯彻《条例》，做好政府信息公开工作。</p><p>二、主动公开政府信息情况</p><p>详见下表。</p>${script(0)}`,
    `<title>${REPORT_TITLE(2023)}</title>`,
  ),
  [`/nb/202401/${STEM}_1.html`]: htmlFile(
    `<p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到申请。</p><p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>${script(1)}`,
  ),
  [`/nb/202401/${STEM}_2.html`]: htmlFile(
    () => `<p>五、存在的主要问题及改进情况</p><p>一是公开内容不够全面。</p>${lastSection}${script(2)}`,
  ),
  "/broken/": htmlFile(`<a href="/nb/202301/${BROKEN}.html">${REPORT_TITLE(2022)}</a>`),
  [`/nb/202301/${BROKEN}.html`]: htmlFile(
    `<h1>${REPORT_TITLE(2022)}</h1><p>一、总体情况</p><p>本机关认真贯彻《条例》。</p><script>createPageHTML(3, 0, "${BROKEN}", "html");</script>`,
  ),
  [`/nb/202301/${BROKEN}_1.html`]: htmlFile("<p>三、收到和处理政府信息公开申请情况</p>"),
});

function countingState() {
  const state = new MemoryCrawlState();
  const writes: UrlState[] = [];
  const put = state.putUrlState.bind(state);
  state.putUrlState = async (s: UrlState) => {
    writes.push(s);
    await put(s);
  };
  return { state, writes };
}

describe("a report page split over several pages", () => {
  const { state, writes } = countingState();
  const crawl = () => sites.crawl("paged", "/nb/", state);

  it("is read as one document holding every page's sections", async () => {
    const first = await crawl();
    expect(first.status).toBe("ok");
    expect(first.documents).toHaveLength(1);
    const doc = first.documents[0]!;
    expect(doc.unchanged).toBe(false);
    const report = await readReport({
      bytes: doc.bytes!,
      url: doc.finalUrl,
      ...(doc.contentType ? { contentType: doc.contentType } : {}),
    });
    expect(report.kind).toBe("annual-report");
    expect(Object.entries(report.sections).filter(([, s]) => s === null)).toEqual([]);
    expect(report.title).toBe(REPORT_TITLE(2023));
  });

  it("is unchanged as a whole on a quiet re-crawl: every page answers 304, nothing is written", async () => {
    writes.length = 0;
    const since = sites.server.log.length;
    const again = await crawl();
    expect(again.documents[0]).toMatchObject({ unchanged: true });
    expect(again.documents[0]!.bytes).toBeUndefined();
    const pages = sites.server.log.slice(since).filter((e) => e.path.includes(STEM));
    expect(pages.map((e) => e.status)).toEqual([304, 304, 304]);
    expect(writes).toEqual([]);
  });

  it("is changed, and read whole again, when a later page changes", async () => {
    const before = (await crawl()).documents[0]!.sha256;
    lastSection = "<p>六、其他需要报告的事项</p><p>本年度收取信息处理费0元。</p>";
    const changed = (await crawl()).documents[0]!;
    expect(changed.unchanged).toBe(false);
    expect(changed.sha256).not.toBe(before);
    expect(changed.previousSha256).toBe(before);
    const text = new TextDecoder().decode(changed.bytes);
    expect(text).toContain("一、总体情况");
    expect(text).toContain("本年度收取信息处理费0元");
  });

  it("reads nothing of an article whose later page cannot be fetched, and says so", async () => {
    const broken = await sites.crawl("paged", "/broken/");
    expect(broken.documents).toEqual([]);
    expect(broken.status).toBe("partial");
    expect(broken.unjudgedYears).toEqual([2022]);
    expect(broken.errors).toEqual([expect.stringContaining(`${BROKEN}_2.html: HTTP 404`)]);
  });
});
