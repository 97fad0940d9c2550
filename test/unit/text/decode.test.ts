import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  canonicalCharset,
  charsetFromContentType,
  decodeBytes,
  guessCharset,
  sniffMetaCharset,
} from "../../../shared/text/decode.ts";

const SIMPLIFIED = "二、主动公开政府信息情况\n本年新收政府信息公开申请数量为58件，其中自然人申请52件。";
const TRADITIONAL = "二、主動公開政府信息情況\n本年新收政府信息公開申請數量為58件，其中自然人申請52件。";

const html = (meta: string, body: string) =>
  `<html><head>${meta}<title>年度报告</title></head><body>${body}</body></html>`;

describe("decodeBytes: undeclared bytes (statistical guess)", () => {
  it.each([
    ["utf-8", SIMPLIFIED, "utf-8"],
    ["gbk", SIMPLIFIED, "gb18030"],
    ["gb18030", TRADITIONAL, "gb18030"],
    ["big5", TRADITIONAL, "big5-hkscs"],
  ])("reads %s bytes of Chinese text back exactly", (encoding, text, expected) => {
    const { text: decoded, decision } = decodeBytes(iconv.encode(text, encoding));
    expect(decoded).toBe(text);
    expect(decision).toMatchObject({ encoding: expected, source: "guess", replacementChars: 0 });
  });

  it("treats pure ASCII and empty input as UTF-8", () => {
    expect(decodeBytes(new TextEncoder().encode("<p>hello</p>")).decision.encoding).toBe("utf-8");
    expect(decodeBytes(new Uint8Array()).decision).toEqual({
      encoding: "utf-8",
      source: "default",
      replacementChars: 0,
    });
  });

  it("recognises BOM-less UTF-16 by its NUL bytes", () => {
    const bytes = iconv.encode(`${SIMPLIFIED} report 2022`, "utf-16le");
    expect(guessCharset(bytes)).toBe("utf-16le");
    expect(decodeBytes(bytes).text).toBe(`${SIMPLIFIED} report 2022`);
  });
});

describe("decodeBytes: byte order marks win over everything", () => {
  it.each([
    [[0xef, 0xbb, 0xbf], "utf-8", "utf-8"],
    [[0xff, 0xfe], "utf-16le", "utf-16le"],
    [[0xfe, 0xff], "utf-16be", "utf-16be"],
  ])("BOM %j → %s, BOM stripped", (bom, encoding, bodyEncoding) => {
    const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(SIMPLIFIED, bodyEncoding)]);
    const { text, decision } = decodeBytes(bytes, "text/html; charset=gbk");
    expect(text).toBe(SIMPLIFIED);
    expect(decision.source).toBe("bom");
    expect(decision.encoding).toBe(encoding);
  });
});

describe("decodeBytes: declarations", () => {
  it("follows the Content-Type charset and maps gb2312 to gb18030", () => {
    const { text, decision } = decodeBytes(iconv.encode(SIMPLIFIED, "gbk"), "text/html; charset=GB2312");
    expect(text).toBe(SIMPLIFIED);
    expect(decision).toMatchObject({ encoding: "gb18030", source: "header", declared: { header: "GB2312" } });
  });

  it("follows <meta charset> and <meta http-equiv> in the first 4 KB, big5 as big5-hkscs", () => {
    const a = decodeBytes(iconv.encode(html('<meta charset="big5">', TRADITIONAL), "big5"));
    expect(a.text).toContain(TRADITIONAL);
    expect(a.decision).toMatchObject({ encoding: "big5-hkscs", source: "meta", declared: { meta: "big5" } });
    const b = decodeBytes(
      iconv.encode(
        html('<meta http-equiv="Content-Type" content="text/html; charset=gbk">', SIMPLIFIED),
        "gbk",
      ),
    );
    expect(b.text).toContain(SIMPLIFIED);
    expect(b.decision).toMatchObject({ encoding: "gb18030", source: "meta" });
  });

  it("reads the XML declaration", () => {
    const xml = `<?xml version="1.0" encoding="GBK"?><doc>${SIMPLIFIED}</doc>`;
    expect(decodeBytes(iconv.encode(xml, "gbk")).decision).toMatchObject({
      encoding: "gb18030",
      source: "meta",
    });
  });

  it("ignores a meta tag beyond the 4 KB prescan window", () => {
    const padding = "<!-- ".padEnd(5000, "x").concat(" -->");
    const bytes = iconv.encode(html(`${padding}<meta charset="big5">`, SIMPLIFIED), "gbk");
    expect(sniffMetaCharset(bytes)).toBeUndefined();
    expect(decodeBytes(bytes).decision).toMatchObject({ encoding: "gb18030", source: "guess" });
  });

  it("when header and meta disagree, keeps the decoding with fewer replacement characters", () => {
    const bytes = iconv.encode(html('<meta charset="gb2312">', SIMPLIFIED), "gbk");
    const { text, decision } = decodeBytes(bytes, "text/html; charset=utf-8");
    expect(text).toContain(SIMPLIFIED);
    expect(decision).toMatchObject({
      encoding: "gb18030",
      source: "both-tried",
      declared: { header: "utf-8", meta: "gb2312" },
      replacementChars: 0,
    });
  });

  it("when header (big5) and meta (gbk) disagree without replacement chars, prefers readable text", () => {
    const bytes = iconv.encode(html('<meta charset="gbk">', SIMPLIFIED), "gbk");
    const { text, decision } = decodeBytes(bytes, "text/html; charset=big5");
    expect(text).toContain(SIMPLIFIED);
    expect(decision.source).toBe("both-tried");
  });

  it("overrides a lone wrong declaration that produces replacement characters", () => {
    const { text, decision } = decodeBytes(iconv.encode(SIMPLIFIED, "gbk"), "text/html; charset=utf-8");
    expect(text).toBe(SIMPLIFIED);
    expect(decision).toMatchObject({
      encoding: "gb18030",
      source: "both-tried",
      declared: { header: "utf-8" },
    });
  });

  it.each([
    // A server's old GBK default left in place after the pages moved to UTF-8 (GBK accepts almost any
    // byte pair, so no replacement character betrays it), and GBK bytes under a Big5 label.
    ["utf-8", SIMPLIFIED, "gbk", "utf-8"],
    ["utf-8", TRADITIONAL, "big5", "utf-8"],
    ["gbk", SIMPLIFIED, "big5", "gb18030"],
    ["big5", TRADITIONAL, "gbk", "big5-hkscs"],
  ])("reads %s bytes labelled only %s… as %s", (encoding, text, label, expected) => {
    const { text: decoded, decision } = decodeBytes(
      iconv.encode(text, encoding),
      `text/html; charset=${label}`,
    );
    expect(decoded).toBe(text);
    expect(decision).toMatchObject({ encoding: expected, source: "both-tried", declared: { header: label } });
  });

  it("keeps a GBK or Big5 declaration the text bears out, however short", () => {
    for (const [encoding, text] of [
      ["gbk", SIMPLIFIED],
      ["gbk", TRADITIONAL],
      ["big5", TRADITIONAL],
    ] as const) {
      for (const length of [4, 12, 40, text.length]) {
        const part = text.slice(0, length);
        const { text: decoded } = decodeBytes(iconv.encode(part, encoding), `text/html; charset=${encoding}`);
        expect(decoded).toBe(part);
      }
    }
    // Two characters whose GBK bytes happen to be valid UTF-8 (the classic 联通) stay GBK.
    expect(decodeBytes(iconv.encode("联通", "gbk"), "text/html; charset=gbk").text).toBe("联通");
  });

  it("does not trust a western single-byte default over Chinese bytes", () => {
    const { text, decision } = decodeBytes(iconv.encode(SIMPLIFIED, "gbk"), "text/html; charset=ISO-8859-1");
    expect(text).toBe(SIMPLIFIED);
    expect(decision.declared?.header).toBe("ISO-8859-1");
  });

  it("falls back to the guess for an unknown label", () => {
    const { text } = decodeBytes(iconv.encode(SIMPLIFIED, "gbk"), "text/html; charset=klingon");
    expect(text).toBe(SIMPLIFIED);
  });
});

describe("charset label helpers", () => {
  it("canonicalises the labels Chinese sites use", () => {
    expect(["gbk", "GB2312", "x-gbk", "cp936", '"gb18030"'].map(canonicalCharset)).toEqual(
      Array(5).fill("gb18030"),
    );
    expect(["big5", "x-big5", "cp950", "Big5-HKSCS"].map(canonicalCharset)).toEqual(
      Array(4).fill("big5-hkscs"),
    );
    expect(canonicalCharset("UTF8")).toBe("utf-8");
    expect(canonicalCharset("nonsense")).toBeUndefined();
  });

  it("extracts the charset parameter of a Content-Type", () => {
    expect(charsetFromContentType('text/html; charset="gbk"')).toBe("gbk");
    expect(charsetFromContentType("text/html")).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});

describe("decodeBytes on arbitrary input", () => {
  it("never throws, is deterministic and counts replacement characters truthfully", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.option(fc.string({ maxLength: 60 })),
        (bytes, ct) => {
          const first = decodeBytes(bytes, ct ?? undefined);
          const second = decodeBytes(bytes, ct ?? undefined);
          expect(second).toEqual(first);
          expect(first.decision.replacementChars).toBe(first.text.split("\ufffd").length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("decodes 10 MB of random bytes", () => {
    const bytes = new Uint8Array(10 * 1024 * 1024);
    let seed = 7;
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    const { decision } = decodeBytes(bytes, "text/html; charset=big5");
    expect(["big5-hkscs", "gb18030", "utf-8"]).toContain(decision.encoding);
  });
});
