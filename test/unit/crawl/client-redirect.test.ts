import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { clientRedirectTarget } from "../../../shared/crawl/client-redirect.ts";

const BASE = "http://tjj.example.gov.cn/zwgk/nb/index.html";
const bytes = (text: string) => new TextEncoder().encode(text);
const target = (text: string) => clientRedirectTarget(bytes(text), BASE);
const meta = (attrs: string) => target(`<html><head><meta ${attrs}></head><body></body></html>`);

describe("clientRedirectTarget", () => {
  it.each([
    [`http-equiv="refresh" content="0;url=list_1.html"`, "http://tjj.example.gov.cn/zwgk/nb/list_1.html"],
    [`HTTP-EQUIV=Refresh CONTENT="0; URL='/nb/2022.html'"`, "http://tjj.example.gov.cn/nb/2022.html"],
    [`content='0.5, "../a.htm"' http-equiv='refresh'`, "http://tjj.example.gov.cn/zwgk/a.htm"],
    [`http-equiv="refresh" content="3 https://www.example.gov.cn/nb/"`, "https://www.example.gov.cn/nb/"],
  ])("reads <meta %s>", (attrs, expected) => {
    expect(meta(attrs)).toBe(expected);
  });

  it.each([
    ["a long delay (a timed notice, not a new address)", `http-equiv="refresh" content="30;url=/"`],
    ["a plain reload", `http-equiv="refresh" content="300"`],
    ["the page itself", `http-equiv="refresh" content="0;url=index.html"`],
    ["a script URL", `http-equiv="refresh" content="0;url=javascript:void(0)"`],
    ["a meta that is not a refresh", `name="refresh" content="0;url=a.html"`],
  ])("ignores %s", (_why, attrs) => {
    expect(meta(attrs)).toBeUndefined();
  });

  it("follows an address with Chinese in it as a browser does: path in UTF-8, query in the page's charset", () => {
    const html = (charset: string) =>
      `<html><head><meta charset="${charset}"><meta http-equiv="refresh" content="0;url=/年报/2023.html?n=年报"></head></html>`;
    const path = "http://tjj.example.gov.cn/%E5%B9%B4%E6%8A%A5/2023.html";
    expect(target(html("utf-8"))).toBe(`${path}?n=%E5%B9%B4%E6%8A%A5`);
    expect(clientRedirectTarget(iconv.encode(html("gbk"), "gbk"), BASE)).toBe(`${path}?n=%C4%EA%B1%A8`);
    // The charset named by the answer's header alone.
    const bare = `<meta http-equiv="refresh" content="0;url=/年报/2023.html?n=年报">`;
    expect(clientRedirectTarget(iconv.encode(bare, "gbk"), BASE, undefined, "text/html; charset=GBK")).toBe(
      `${path}?n=%C4%EA%B1%A8`,
    );
    expect(
      clientRedirectTarget(
        iconv.encode(`<script>location.href="/年報/";</script>`, "big5"),
        BASE,
        undefined,
        "text/html; charset=big5",
      ),
    ).toBe("http://tjj.example.gov.cn/%E5%B9%B4%E5%A0%B1/");
  });

  it("follows a Refresh header's Chinese address read as UTF-8, and does not guess at other bytes", () => {
    // The fetcher reads a header's bytes as UTF-8 when they are UTF-8 (exchange.ts).
    expect(clientRedirectTarget(bytes("<p>x</p>"), BASE, "0; url=/年报/")).toBe(
      "http://tjj.example.gov.cn/%E5%B9%B4%E6%8A%A5/",
    );
    // GBK bytes it leaves as Latin-1 characters: no address is made of them.
    const gbk = Buffer.from([0xc4, 0xea, 0xb1, 0xa8]).toString("latin1");
    expect(clientRedirectTarget(bytes("<p>x</p>"), BASE, `0; url=/${gbk}/`)).toBeUndefined();
    const broken = Buffer.concat([
      bytes('<meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/'),
      Buffer.from([0xff, 0xfe]),
      bytes('/">'),
    ]);
    expect(clientRedirectTarget(broken, BASE)).toBeUndefined();
  });

  it("follows an HTTP Refresh header first, within the same ten seconds", () => {
    const page = bytes(`<meta http-equiv="refresh" content="0;url=meta.html">`);
    expect(clientRedirectTarget(page, BASE, "0; url=/header.html")).toBe(
      "http://tjj.example.gov.cn/header.html",
    );
    expect(clientRedirectTarget(page, BASE, "60; url=/header.html")).toBe(
      "http://tjj.example.gov.cn/zwgk/nb/meta.html",
    );
    expect(clientRedirectTarget(bytes(""), BASE, "5")).toBeUndefined();
  });

  it("ignores a refresh past the first 4 KB", () => {
    const late = `<html><head>${"<!-- padding -->".repeat(300)}<meta http-equiv="refresh" content="0;url=a.html">`;
    expect(target(late)).toBeUndefined();
  });

  it("follows a stub's unconditional script", () => {
    expect(target(`<script>window.location.href="/nb/list.html";</script>`)).toBe(
      "http://tjj.example.gov.cn/nb/list.html",
    );
    expect(target(`<SCRIPT>location.replace('t2023.html')</SCRIPT>`)).toBe(
      "http://tjj.example.gov.cn/zwgk/nb/t2023.html",
    );
    expect(target(`<script>top.location = 'http://www.example.gov.cn/';</script>`)).toBe(
      "http://www.example.gov.cn/",
    );
  });

  it.each([
    ["mobile detection", `<script>if (/iPhone/.test(navigator.userAgent)) location.href = "m/";</script>`],
    ["a ternary", `<script>location.href = wide ? "a.html" : "m/a.html";</script>`],
    ["a click handler", `<a onclick="location.href='a.html'">进入</a>`],
    ["a delayed move", `<script>setTimeout(function(){location.href="a.html"}, 5000)</script>`],
    ["a page with content of its own", `<script>location.href="a.html"</script><p>${"正文".repeat(400)}</p>`],
  ])("does not treat %s as a redirect", (_why, page) => {
    expect(target(page)).toBeUndefined();
  });

  it("never throws and reads a bounded prefix, whatever the bytes", () => {
    const pieces = fc.constantFrom(
      "<meta",
      " http-equiv=refresh",
      ' content="0;url=',
      "'",
      '"',
      ">",
      "<script>",
      "location.href=",
      "</script>",
      "a.html",
      "\u0000",
      "年报",
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }),
        fc.uint8Array(),
        (parts, raw) => {
          for (const input of [bytes(parts.join("")), raw]) {
            const found = clientRedirectTarget(input, BASE);
            if (found !== undefined) expect(found).toMatch(/^https?:\/\//);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
