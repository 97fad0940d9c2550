// "Page not found" pages answered with 200: a report link leading to one is a dead link, but no report
// page, in any charset, may ever be taken for one.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { SAMPLE_GROUND_TRUTH } from "../../../infra/local/sites/ground-truth.ts";
import { looksNotFound, reportPageNotFound } from "../../../shared/crawl/not-found-page.ts";
import { decodeBytes } from "../../../shared/text/decode.ts";
import { sampleHtmlPages, sampleSiteFiles } from "../../support/sample-pages.ts";

const NAV = `<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwgk/nb/">政府信息公开年报</a><a href="/zwgk/zdgk/">主动公开目录</a></div>`;
const FOOTER = `<div class="footer">主办：示例市统计局 地址：示例市人民路1号 网站标识码：1234567890</div>`;
const page = (title: string, body: string, padding = 0) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>${".x{color:red}".repeat(padding)}</style></head><body>${NAV}${body}${FOOTER}</body></html>`;

const check = (html: string, contentType = "text/html; charset=utf-8", encoding = "utf-8") => {
  const bytes = iconv.encode(html, encoding);
  return reportPageNotFound(bytes, contentType, () => decodeBytes(bytes, contentType).text);
};

describe("reportPageNotFound", () => {
  it.each([
    ["a bare 404 page", page("404", "<p>抱歉，您访问的页面不存在！</p>")],
    ["a withdrawn article", page("示例市统计局", "<p>该信息已被删除。</p>")],
    ["a site template around the message", page("示例市统计局-页面不存在", "<p>返回首页</p>", 3000)],
    ["an English server page", page("404 Not Found", "<h1>Not Found</h1><hr>nginx")],
  ])("recognises %s", (_, html) => {
    expect(check(html)).toBe(true);
  });

  it("recognises one in GBK with the charset only in the page, and a large one by its title", () => {
    const gbk = page("页面不存在", "<p>您访问的页面不存在或已被删除</p>", 3000).replace(
      'charset="utf-8"',
      'charset="gbk"',
    );
    expect(check(gbk, "text/html", "gbk")).toBe(true);
  });

  it.each([
    [
      "a report page that mentions deleted information",
      page(
        "示例市统计局2023年政府信息公开工作年度报告",
        "<p>一、总体情况</p><p>申请的信息不存在或已删除的，依法告知。</p>",
      ),
    ],
    [
      "a large page whose message is below a plain title",
      page("示例市统计局", "<p>您访问的页面不存在</p>", 3000),
    ],
    ["a blank challenge page", page("", "<script>document.cookie='a=1';location.reload()</script>")],
  ])("does not take %s for one", (_, html) => {
    expect(check(html)).toBe(false);
  });

  it("never takes a sample report page or a seed for one", () => {
    const reportUrls = new Set(
      SAMPLE_GROUND_TRUTH.bureaus.flatMap((b) =>
        b.documents.filter((d) => d.kind === "annual-report").map((d) => d.url),
      ),
    );
    const files = sampleSiteFiles().filter(
      ({ url, file }) => reportUrls.has(url) && /html/.test(file.contentType),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const { url, file } of files) {
      const html = () => decodeBytes(file.body, file.contentType).text;
      expect(reportPageNotFound(file.body, file.contentType, html), url).toBe(false);
    }
    for (const { url, html } of sampleHtmlPages().filter((p) => p.url.startsWith("http://seed."))) {
      expect(
        reportPageNotFound(Buffer.from(html), "text/html", () => html),
        url,
      ).toBe(false);
    }
  });
});

describe("looksNotFound", () => {
  it("reads the title with attributes and the message near the top only", () => {
    expect(looksNotFound('<title lang="zh">出错了</title>')).toBe(true);
    expect(looksNotFound(`<title>年报</title>${"x".repeat(30_000)}页面不存在`)).toBe(false);
  });
});
