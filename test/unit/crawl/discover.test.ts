import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findAttachments } from "../../../shared/crawl/attachments.ts";
import { namesBureau } from "../../../shared/crawl/column-rediscovery.ts";
import {
  analyseListing,
  canonicalKey,
  isReportTitle,
  simplifiedOriginal,
  yearFromText,
  yearFromUrl,
} from "../../../shared/crawl/discover.ts";

const SITE = "www.panyu.gov.cn";
const allowSite = (host: string) => host === SITE;

describe("report title patterns (SPEC §5.3)", () => {
  it.each([
    "广州市番禺区统计局2021年政府信息公开工作年度报告",
    "2022年上海市政府信息公开工作年度报告",
    "盘锦市统计局2021年度政府信息公开工作报告",
    "2021年度雨山区统计局信息公开工作报告",
    "西咸新区底张街道办事处2023年度政府信息公开工作年度报告",
    "舒兰市2016年政务信息公开年度报告",
    "2023 年政府信息公开工作年度报告",
    "2023年政府信息公开工作年度报告（图片版）",
    "广州市番禺区统计局2023年政府信息公开工作年度报...",
    "广州市番禺区统计局2023年政府信息公开…",
    "2023年度雨山区统计局信息公开工作．．．",
    "某市统计局二〇二三年度政府信息公开工作年度报告",
    "二零二二年政府信息公开工作年度报告",
    "某局２０２３年政府信息公开工作年度报告",
  ])("recognises %s", (title) => expect(isReportTitle(title)).toBe(true));

  it.each([
    ["某市统计局二〇二三年度政府信息公开工作年度报告", 2023],
    ["某局二○二一年政府信息公开工作年度报告", 2021],
    ["某局２０２２年政府信息公开工作年度报告", 2022],
  ])("reads the year of %s as %i", (title, year) => expect(yearFromText(title)).toBe(year));

  it.each([
    "广州市番禺区统计局2023年政府信息...",
    "关于做好2023年政府信息公开工作年度报告编制...",
    "2023年政府信息公开工作要点...",
    "2023年度全市信息化建设工作...",
  ])("does not take the cut-short %s for a report", (title) => expect(isReportTitle(title)).toBe(false));

  it.each([
    "文字解读：广州市统计局2022年政府信息公开工作年度报告",
    "番禺区2022年政府信息公开工作年度报告公布情况",
    "关于做好2023年政府信息公开工作年度报告编制工作的通知",
    "2023年统计公报",
  ])("rejects the derivative %s", (title) => expect(isReportTitle(title)).toBe(false));
});

describe("a per-year sub-column whose report titles carry no year", () => {
  const listingUrl = `http://${SITE}/zwgk/zfxxgknb/2021n/`;
  const html = `<div class="nav">
    <a href="/zwgk/zfxxgknb/">政府信息公开年报</a> <a href="/zwgk/zfxxgknb/index.html">政府信息公开工作年度报告</a>
    <a href="/zwgk/zfxxgknb/list_2.html">部门政府信息公开工作年度报告</a></div>
  <ul>
    <li><a href="202201/t20220125_3416001.html">盘锦市统计局政府信息公开工作年度报告</a></li>
    <li><a href="/attach/2022/01/W020220126_771.pdf">盘锦市审计局 政府信息公开工作年度报告</a></li>
    <li><a href="202201/t20220118_3415002.html">关于报送政府信息公开工作年度报告的通知</a></li>
    <li><a href="202201/t20220110_3413003.html">盘锦市统计局2021年政府信息公开工作年度报告</a></li>
  </ul>`;

  it("takes a link to an article's own file as a report whose year the document gives, and no column link", () => {
    const result = analyseListing(html, listingUrl, { isAllowedHost: allowSite });
    expect(result.reports.map((r) => [r.url.replace(`http://${SITE}`, ""), r.yearHint])).toEqual([
      ["/zwgk/zfxxgknb/2021n/202201/t20220125_3416001.html", undefined],
      ["/attach/2022/01/W020220126_771.pdf", undefined],
      ["/zwgk/zfxxgknb/2021n/202201/t20220110_3413003.html", 2021],
    ]);
  });
});

describe("listing analysis", () => {
  const listingUrl = `http://${SITE}/zwgk/zfxxgk/zfxxgknb/bm/`;
  const html = `<ul>
    <li><a href="mb2021/content/post_8040242.html">番禺区统计局2021年政府信息公开工作年度报告</a></li>
    <li><a href="mb2022/content/post_9000001.html" title="番禺区统计局2022年政府信息公开工作年度报告">番禺区统计局2022年…</a></li>
    <li><a href="mb2020/content/post_7000001.html">2020年</a></li>
    <li><a href="/zwgk/jd/2023.html">文字解读：番禺区统计局2022年政府信息公开工作年度报告</a></li>
    <li><a href="http://big5.${SITE}/gate/big5/${SITE}/zwgk/zfxxgk/zfxxgknb/bm/mb2021/content/post_8040242.html">繁體</a></li>
    <li><a href="http://evil.example.com/zfxxgknb/2021.html">番禺区统计局2021年政府信息公开工作年度报告</a></li>
    <li><a href="mb2023/">2023年</a></li>
    <li><a href="javascript:void(0)">打印</a></li>
  </ul>
  <a href="index_1.html">下一页</a> <a href="index_9.html">尾页</a> <a href="/">首页</a>`;

  it("finds reports by title and path token, with their years, and what to follow", () => {
    const result = analyseListing(html, listingUrl, { isAllowedHost: allowSite });
    expect(result.reports.map((r) => [r.url.replace(listingUrl, ""), r.yearHint])).toEqual([
      ["mb2021/content/post_8040242.html", 2021],
      ["mb2022/content/post_9000001.html", 2022],
      ["mb2020/content/post_7000001.html", 2020],
    ]);
    expect(result.subListings.map((u) => u.replace(listingUrl, ""))).toEqual(["mb2023/"]);
    expect(result.pages.map((u) => u.replace(listingUrl, ""))).toEqual(["index_1.html", "index_9.html"]);
  });

  it("follows script-drawn pagination (createPageHTML) to the next page only, and stops at the last", () => {
    const url = `http://${SITE}/zwgk/gknb/index_1.shtml`;
    const page = (current: number) => `<script>createPageHTML(3, ${current}, "index", "shtml");</script>`;
    expect(analyseListing(page(1), url, { isAllowedHost: allowSite }).pages).toEqual([
      `http://${SITE}/zwgk/gknb/index_2.shtml`,
    ]);
    expect(analyseListing(page(2), url, { isAllowedHost: allowSite }).pages).toEqual([]);
  });

  it.each([
    [
      "variables set just before",
      "var currentPage = 1;//所在页从0开始\nvar countPage = 3//共多少页\n",
      "countPage, currentPage",
    ],
    ["a variable and a number", "var countPage = 3;\n", "countPage, 1"],
  ])("reads script-drawn pagination whose counts are %s", (_, vars, args) => {
    const url = `http://${SITE}/zwgk/gknb/index_1.html`;
    const html = `<script>${vars}createPageHTML(${args}, "index", "html");</script>`;
    expect(analyseListing(html, url, { isAllowedHost: allowSite }).pages).toEqual([
      `http://${SITE}/zwgk/gknb/index_2.html`,
    ]);
    const last = html.replace("currentPage = 1", "currentPage = 2").replace("countPage, 1", "countPage, 2");
    expect(analyseListing(last, url, { isAllowedHost: allowSite }).pages).toEqual([]);
    // Counts it cannot know (a variable never set) lead nowhere.
    const unknown = `<script>createPageHTML(countPage, currentPage, "index", "html");</script>`;
    expect(analyseListing(unknown, url, { isAllowedHost: allowSite }).pages).toEqual([]);
  });

  it("applies the bureau's own linkPatterns", () => {
    const page = `<a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2017&amp;area=1">查看</a>`;
    const none = analyseListing(page, listingUrl, { isAllowedHost: allowSite });
    expect(none.reports).toEqual([]);
    const some = analyseListing(page, listingUrl, {
      isAllowedHost: allowSite,
      linkPatterns: ["fbtime=\\d{4}"],
    });
    expect(some.reports[0]?.yearHint).toBe(2017);
  });

  it("reads years from URL tokens when the link text has none", () => {
    expect(yearFromUrl("http://x/zfxxgknb/bm/mb2021/content/post_1.html")).toBe(2021);
    expect(yearFromUrl("http://x/xwzx/ztzl/zfxxgknb/2023/gzj/dzjd/1.html")).toBe(2023);
    expect(yearFromUrl("http://x/zfxxgknb/zfxxgknb2023/2023zsndbg/")).toBe(2023);
  });

  it("collapses Big5-gateway and www/scheme variants to one key", () => {
    const original = "http://www.gov.cn/xinwen/2016-06-13/content_5081471.htm";
    const big5 = "http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2016-06-13/content_5081471.htm";
    expect(canonicalKey(big5)).toBe(canonicalKey(original));
    expect(canonicalKey("https://gov.cn/xinwen/2016-06-13/content_5081471.htm")).toBe(canonicalKey(original));
    expect(simplifiedOriginal(big5)).toBe(original);
    expect(canonicalKey("http://a.gov.cn/x/index.html")).toBe(canonicalKey("http://a.gov.cn/x/"));
  });

  it("resolves links against the page's <base href>, and judges pagination by the page's own URL", () => {
    const listing = `http://${SITE}/zwgk/zfxxgknb/bm/`;
    const html = `<html><head><BASE HREF="http://${SITE}/" target="_blank"></head><body>
      <a href="zwgk/zfxxgknb/bm/content/post_1.html">广州市番禺区统计局2023年政府信息公开工作年度报告</a>
      <a href="zwgk/zfxxgknb/bm/index_1.html">下一页</a></body></html>`;
    const result = analyseListing(html, listing, { isAllowedHost: allowSite });
    expect(result.reports.map((r) => r.url)).toEqual([`http://${SITE}/zwgk/zfxxgknb/bm/content/post_1.html`]);
    expect(result.pages).toEqual([`http://${SITE}/zwgk/zfxxgknb/bm/index_1.html`]);
    const page = `<base href="/files/"><a href="nb2023.pdf">附件</a>`;
    expect(findAttachments(page, `http://${SITE}/a/b/r.html`, allowSite).map((l) => l.url)).toEqual([
      `http://${SITE}/files/nb2023.pdf`,
    ]);
    const unusable = `<base href="javascript:x"><a href="nb.pdf">附件</a>`;
    expect(findAttachments(unusable, `http://${SITE}/a/r.html`, allowSite).map((l) => l.url)).toEqual([
      `http://${SITE}/a/nb.pdf`,
    ]);
  });

  it("finds an attachment behind a download endpoint by its link text naming the file", () => {
    const page = `<a href="/module/download/down.jsp?fileId=8a8a4c2f">2023年政府信息公开工作年度报告.pdf</a>
      <a href="/common/download?id=77">附件：年报.DOCX （256KB）</a>
      <a href="/common/download?id=78">下载</a><a href="/nb/2023.html">年报（pdf版）说明</a>`;
    expect(findAttachments(page, `http://${SITE}/a/r.html`, allowSite).map((l) => l.url)).toEqual([
      `http://${SITE}/module/download/down.jsp?fileId=8a8a4c2f`,
      `http://${SITE}/common/download?id=77`,
    ]);
  });

  it("finds attachments on allowed hosts only", () => {
    const page = `<a href="/files/nb2023.pdf">附件</a><a href="/files/nb2023.DOCX?v=2">附件</a>
      <a href="http://evil.example.com/x.pdf">x</a><a href="/files/nb.wps">wps</a><a href="/a.html">page</a>`;
    expect(
      findAttachments(page, `http://${SITE}/r.html`, allowSite).map((l) => new URL(l.url).pathname),
    ).toEqual(["/files/nb2023.pdf", "/files/nb2023.DOCX", "/files/nb.wps"]);
  });

  it("never throws and is deterministic on arbitrary HTML", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (text) => {
        const a = analyseListing(text, listingUrl, { isAllowedHost: allowSite });
        expect(analyseListing(text, listingUrl, { isAllowedHost: allowSite })).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});

describe("reports of a rediscovered column", () => {
  it.each([
    ["广州市番禺区统计局2023年政府信息公开工作年度报告", "广州市番禺区统计局", true],
    ["番禺区统计局2023年政府信息公开工作年度报告", "广州市番禺区统计局", true],
    ["2023年政府信息公开工作年度报告", "广州市番禺区统计局", true],
    ["番禺区财政局2023年政府信息公开工作年度报告", "广州市番禺区统计局", false],
    ["江阳区统计局2023年政府信息公开工作年度报告", "泸州市统计局", false],
    ["泸州市统计局2023年政府信息公开工作年度报告", "泸州市统计局", true],
    // A column on the bureau's own site often leaves its region out, or says only its level.
    ["市统计局2023年政府信息公开工作年度报告", "泸州市统计局", true],
    ["统计局2023年度政府信息公开工作年度报告", "泸州市统计局", true],
    ["本区统计局2023年政府信息公开工作年度报告", "广州市番禺区统计局", true],
    ["【年报】市统计局2023年政府信息公开工作年度报告", "泸州市统计局", true],
    ["郑州市统计局2023年政府信息公开工作年度报告", "郑州市统计局", true],
    ["市统计局2023年政府信息公开工作年度报告", "郑州市统计局", true],
    ["市市场监督管理局2023年政府信息公开工作年度报告", "广州市市场监督管理局", true],
    // Another agency, or the same agency of another area, is not.
    ["市财政局2023年政府信息公开工作年度报告", "泸州市统计局", false],
    ["国家统计局2023年政府信息公开工作年度报告", "泸州市统计局", false],
    ["市场监督管理局2023年政府信息公开工作年度报告", "泸州市统计局", false],
    ["番禺区统计局2023年政府信息公开工作年度报告", "广州市海珠区统计局", false],
    ["浑南区人民政府2023年政府信息公开工作年度报告", "沈阳市浑南区人民政府", true],
    ["苏家屯区人民政府2023年政府信息公开工作年度报告", "沈阳市浑南区人民政府", false],
  ])("%s is %s's: %s", (text, name, expected) => expect(namesBureau(text, name)).toBe(expected));

  it("answers any link text from a website, and a title with the bureau's full name is always its", () => {
    const cjk = fc.constantFrom(..."市区县省统计局财政政府【】（）年度报告2023番禺本我全州旗");
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(cjk, { maxLength: 80 }).map((a) => a.join("")),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom("泸州市统计局", "广州市番禺区统计局", "沈阳市浑南区人民政府"),
        (t, name) => {
          expect(typeof namesBureau(t, name)).toBe("boolean");
          expect(namesBureau(`${name}${t}`, name)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
