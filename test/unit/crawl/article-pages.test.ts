import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  articleContinuations,
  assembleArticle,
  MAX_CONTINUATIONS,
} from "../../../shared/crawl/article-pages.ts";
import { decodeBytes } from "../../../shared/text/decode.ts";

const PAGE = "http://tjj.quanzhou.gov.cn/zwgk/zfxxgknb/202401/t20240115_2517736.htm";
const bytes = (html: string) => new TextEncoder().encode(html);
const TRS_SCRIPT = (total: number, current: number, stem = "t20240115_2517736", ext = "htm") =>
  `<div class="page"><script>createPageHTML(${total}, ${current}, "${stem}", "${ext}");</script></div>`;

describe("articleContinuations", () => {
  it("reads TRS's pagination script on the article's first page", () => {
    expect(articleContinuations(bytes(`<p>一、总体情况</p>${TRS_SCRIPT(3, 0)}`), PAGE)).toEqual([
      "http://tjj.quanzhou.gov.cn/zwgk/zfxxgknb/202401/t20240115_2517736_1.htm",
      "http://tjj.quanzhou.gov.cn/zwgk/zfxxgknb/202401/t20240115_2517736_2.htm",
    ]);
  });

  it("reads numbered links to the same file beside it, from 1 without a gap", () => {
    const html = `<a href="t20240115_2517736_1.htm">2</a><a href="./t20240115_2517736_2.htm">3</a>
      <a href="t20240115_2517736_1.htm">下一页</a><a href="t20240115_2517736_9.htm">相关</a>
      <a href="/other/t20240115_2517736_3.htm">elsewhere</a>`;
    expect(articleContinuations(bytes(html), PAGE)).toEqual([
      "http://tjj.quanzhou.gov.cn/zwgk/zfxxgknb/202401/t20240115_2517736_1.htm",
      "http://tjj.quanzhou.gov.cn/zwgk/zfxxgknb/202401/t20240115_2517736_2.htm",
    ]);
  });

  it("finds none on a single page, on a later page, or in a script naming another file", () => {
    expect(articleContinuations(bytes("<p>一、总体情况</p><a href='/zwgk/'>返回</a>"), PAGE)).toEqual([]);
    expect(articleContinuations(bytes(TRS_SCRIPT(3, 1)), PAGE)).toEqual([]);
    expect(articleContinuations(bytes(TRS_SCRIPT(3, 0)), PAGE.replace(".htm", "_1.htm"))).toEqual([]);
    expect(articleContinuations(bytes(TRS_SCRIPT(5, 0, "index", "html")), PAGE)).toEqual([]);
    expect(articleContinuations(bytes(TRS_SCRIPT(1, 0)), PAGE)).toEqual([]);
  });

  it("is bounded, and never throws on any bytes or address", () => {
    expect(articleContinuations(bytes(TRS_SCRIPT(500, 0)), PAGE)).toHaveLength(MAX_CONTINUATIONS);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.string(), (raw, url) => {
        expect(Array.isArray(articleContinuations(raw, url))).toBe(true);
        expect(articleContinuations(raw, PAGE).length).toBeLessThanOrEqual(MAX_CONTINUATIONS);
      }),
    );
  });
});

describe("assembleArticle", () => {
  it("puts pages of any charset together as one UTF-8 document with the first page's head", () => {
    const first = iconv.encode(
      '<html><head><meta charset="gbk"><title>泉州市统计局2023年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p></body></html>',
      "gbk",
    );
    const second = bytes(
      "<html><head><title>第2页</title></head><body><p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>",
    );
    const { bytes: whole, sha256 } = assembleArticle([
      { bytes: first, contentType: "text/html" },
      { bytes: second, contentType: "text/html; charset=utf-8" },
    ]);
    const { text } = decodeBytes(whole, "text/html");
    expect(text).toContain("一、总体情况");
    expect(text).toContain("四、政府信息公开行政复议、行政诉讼情况");
    expect(text).not.toContain("第2页");
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(assembleArticle([{ bytes: first }, { bytes: second }]).sha256).toBe(sha256);
  });
});
