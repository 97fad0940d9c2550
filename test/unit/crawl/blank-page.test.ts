import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { showsNoText } from "../../../shared/crawl/blank-page.ts";
import { decodeBytes } from "../../../shared/text/decode.ts";

const page = (body: string, head = "") =>
  new TextEncoder().encode(
    `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`,
  );
const HTML = "text/html; charset=utf-8";

describe("showsNoText", () => {
  it.each([
    ["a script challenge", page("", '<script>document.cookie="t=1";location.reload();</script>')],
    ["a waiting message", page("<div>请稍候，正在进行安全检测…</div><script src='/waf.js'></script>")],
    ["a blank page", page("&nbsp;<br><!-- 2023年政府信息公开工作年度报告 -->")],
    [
      "an images-only page",
      page('<img src="/nb/2023-1.jpg" alt="2023年政府信息公开工作年度报告"><img src="2.jpg">'),
    ],
  ])("takes %s for a page with no text", (_name, bytes) => {
    expect(showsNoText(bytes.length, () => decodeBytes(bytes, HTML).text)).toBe(true);
  });

  it.each([
    ["a title", page("<h1>示例市统计局2023年政府信息公开工作年度报告</h1>"), HTML],
    [
      "a GBK page with its title",
      new Uint8Array(iconv.encode("<h1>示例市统计局2023年政府信息公开工作年度报告</h1>", "gbk")),
      "text/html; charset=gbk",
    ],
    ["a large page", page(`<script>${"x".repeat(20_000)}</script>`), HTML],
  ])("sees text in %s", (_name, bytes, type) => {
    expect(showsNoText(bytes.length, () => decodeBytes(bytes, type).text)).toBe(false);
  });

  it("does not decode a page too large to be a blank one", () => {
    const decode = () => {
      throw new Error("decoded");
    };
    expect(showsNoText(16 * 1024 + 1, decode)).toBe(false);
  });
});
