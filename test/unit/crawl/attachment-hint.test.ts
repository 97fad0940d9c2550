// The byte-level pre-check may only say "no attachments" when findAttachments (decode + parse) finds
// none: it decides whether a report page is parsed at all.
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { findAttachments, mayLinkAttachments } from "../../../shared/crawl/attachments.ts";
import { decodeBytes } from "../../../shared/text/decode.ts";

const PAGE = "http://www.example.gov.cn/art/2024/1/15/art_1_123.html";
const anyHost = () => true;

function attachmentsIn(bytes: Uint8Array, url: string, contentType?: string): string[] {
  return findAttachments(decodeBytes(bytes, contentType).text, url, anyHost).map((l) => l.url);
}

const piece = fc.constantFrom(
  "<p>一、总体情况</p>",
  "<a href='/a.html'>2023年报告</a>",
  '<a href="/files/report.PDF">附件</a>',
  "<a href='/f/x.doc?id=1'>x</a>",
  "<a href='/f/x.d\noc'>x</a>",
  "<a href='/f/x.wps#p'>x</a>",
  "<a href='/f/2023nb.OFD'>x</a>",
  "<a href='/dl?id=4'>2023年报.ofd（1.2MB）</a>",
  "<a href='/f/x&#46;pdf'>x</a>",
  "<a href='/f/x&period;pdf'>x</a>",
  "<a href='/f/x.&#112;df'>x</a>",
  "<a href='?download=1'>x</a>",
  "<a href='/dl?id=1'>2023年报.PDF</a>",
  "<a href='/dl?id=2'>年报.<b>doc</b>x（1MB）</a>",
  "<a href='/dl?id=3'>年报&#46;pdf</a>",
  "<script>var u = 'a.pdf';</script>",
  "<img src='/logo.png'>",
  "www.example.gov.cn",
  "document.write('x')",
  "<!DOCTYPE html>",
  "&nbsp;",
);
const charset = fc.constantFrom(undefined, "utf-8", "gbk", "big5", "utf-16le");

describe("attachment pre-check on raw bytes", () => {
  it("never rules out a page on which attachments are found", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        charset,
        fc.constantFrom(
          PAGE,
          "http://www.example.gov.cn/files/report.pdf",
          "http://www.example.gov.cn/f/nb.ofd",
        ),
        (pieces, cs, url) => {
          const html = pieces.join("\n");
          const bytes = new Uint8Array(cs ? iconv.encode(html, cs) : Buffer.from(html));
          const contentType = cs ? `text/html; charset=${cs}` : undefined;
          if (attachmentsIn(bytes, url, contentType).length > 0) {
            expect(mayLinkAttachments(bytes, url, contentType)).toBe(true);
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it("rules out an ordinary report page without file links, so it is not parsed", () => {
    const html =
      "<html><head><meta charset='utf-8'></head><body><p>一、总体情况</p><a href='/a.html'>首页</a></body></html>";
    const bytes = new Uint8Array(Buffer.from(html));
    expect(mayLinkAttachments(bytes, PAGE, "text/html; charset=utf-8")).toBe(false);
    expect(attachmentsIn(bytes, PAGE)).toEqual([]);
  });

  it.each([
    ["an upper-case extension", "<a href='/R.PDF'>r</a>"],
    ["an extension split by a newline", "<a href='/r.p\ndf'>r</a>"],
    ["an entity-encoded dot", "<a href='/r&#46;docx'>r</a>"],
  ])("keeps a page with %s", (_label, link) => {
    const bytes = new Uint8Array(Buffer.from(`<p>报告</p>${link}`));
    expect(attachmentsIn(bytes, PAGE)).toHaveLength(1);
    expect(mayLinkAttachments(bytes, PAGE)).toBe(true);
  });

  it("keeps pages in a charset whose bytes are not ASCII, undecided", () => {
    const bytes = new Uint8Array(iconv.encode("<a href='/r.pdf'>r</a>", "utf-16le"));
    expect(mayLinkAttachments(bytes, PAGE, "text/html; charset=utf-16le")).toBe(true);
    expect(mayLinkAttachments(new Uint8Array([0xff, 0xfe, 0x3c, 0]), PAGE)).toBe(true);
  });
});

describe("OFD attachments (the national fixed-layout format) are followed like PDF ones", () => {
  it("by the file's extension, and by a download link whose text names one", () => {
    const html = new TextEncoder().encode(
      "<a href='/f/2023nb.ofd'>附件</a><a href='/dl?id=9'>襄阳市审计局2022年年报.ofd（356KB）</a><a href='/a.html'>x</a>",
    );
    expect(mayLinkAttachments(html, PAGE, "text/html; charset=utf-8")).toBe(true);
    expect(attachmentsIn(html, PAGE, "text/html; charset=utf-8")).toEqual([
      "http://www.example.gov.cn/f/2023nb.ofd",
      "http://www.example.gov.cn/dl?id=9",
    ]);
  });
});
