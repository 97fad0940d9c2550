import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sniffMediaType } from "../../../shared/report/media-type.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("sniffMediaType", () => {
  it("trusts magic bytes over the declared type", () => {
    expect(sniffMediaType(ascii("%PDF-1.7\n..."), "text/html")).toBe("pdf");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(sniffMediaType(ole, "application/octet-stream", "http://x.gov.cn/a.doc")).toBe("doc");
  });

  it("tells a .docx from other zip files by its word/document.xml member", () => {
    const zipHead = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0];
    const docx = new Uint8Array([...zipHead, ...ascii("....word/document.xml....")]);
    const other = new Uint8Array([...zipHead, ...ascii("....xl/workbook.xml....")]);
    expect(sniffMediaType(docx)).toBe("docx");
    expect(sniffMediaType(other)).toBe("unknown");
  });

  it("knows a picture and an OFD file, and a text that starts like a bitmap's header is still text", () => {
    expect(sniffMediaType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe("image");
    expect(sniffMediaType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image");
    const zipHead = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0];
    expect(sniffMediaType(new Uint8Array([...zipHead, ...ascii("....OFD.xml....")]))).toBe("ofd");
    expect(sniffMediaType(ascii("BMW和奔驰的年度报告"))).toBe("text");
    expect(sniffMediaType(ascii("RIFFLE：2023年政府信息公开工作年度报告"))).toBe("text");
  });

  it("finds HTML by its markers, in any charset, and defaults to text", () => {
    expect(sniffMediaType(ascii("\n\n<!DOCTYPE html><html><head>"))).toBe("html");
    expect(sniffMediaType(new TextEncoder().encode("一、总体情况\n2022年，我局…"))).toBe("text");
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.option(fc.string()), (bytes, ct) => {
        expect(["html", "text", "pdf", "docx", "doc", "image", "ofd", "unknown"]).toContain(
          sniffMediaType(bytes, ct ?? undefined),
        );
      }),
    );
  });
});
