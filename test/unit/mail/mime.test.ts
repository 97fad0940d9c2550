import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildMimeMessage, encodeWords, formatAddress, headerValue } from "../../../shared/mail/mime.ts";

function decodeWord(word: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
  if (!m) throw new Error(`not an encoded word: ${word}`);
  return Buffer.from(m[1]!, "base64").toString("utf8");
}

describe("RFC 2047 encoded words", () => {
  it("round-trip any text, each word within 75 characters and whole characters per word", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const words = encodeWords(text);
        expect(words.every((w) => w.length <= 75)).toBe(true);
        // Each word decodes on its own (no UTF-8 sequence split across words).
        expect(words.map(decodeWord).join("")).toBe(text);
      }),
    );
  });

  it("a header value never carries a line break of its own (no header injection)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const value = headerValue(text);
        expect(value.replace(/\r\n /g, "")).not.toMatch(/[\r\n]/);
      }),
    );
    expect(headerValue("ok\r\nBcc: victim@example.com")).toBe("ok Bcc: victim@example.com");
  });
});

describe("addresses and messages", () => {
  it("encodes Chinese display names and refuses malformed addresses", () => {
    expect(formatAddress({ name: "政务公开办", address: "a@example.gov.cn" })).toMatch(
      /^=\?UTF-8\?B\?.+\?= <a@example\.gov\.cn>$/,
    );
    expect(formatAddress({ name: 'A "B"', address: "a@b.cn" })).toBe('"A \\"B\\"" <a@b.cn>');
    expect(() => formatAddress({ address: "a@b.cn>\r\nBcc: x@y.z" })).toThrow(RangeError);
  });

  it("builds a CRLF multipart/alternative message with base64 UTF-8 parts", () => {
    const raw = buildMimeMessage({
      from: { address: "m@example.cn" },
      to: [{ address: "o@example.cn" }],
      subject: "年报",
      messageId: "x.1@example.cn",
      date: new Date("2024-02-01T08:00:00Z"),
      text: "第一行\n第二行",
      html: "<p>你好</p>",
    });
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).toContain("Date: Thu, 01 Feb 2024 08:00:00 +0000\r\n");
    expect(raw).toContain("Message-ID: <x.1@example.cn>\r\n");
    const textB64 =
      /text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(
        raw,
      )?.[1];
    expect(Buffer.from(textB64 ?? "", "base64").toString("utf8")).toBe("第一行\r\n第二行");
  });
});
