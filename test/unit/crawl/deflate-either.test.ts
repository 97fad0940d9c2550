import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { deflateRawSync, deflateSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BodySink } from "../../../shared/crawl/body.ts";
import { DeflateEither, isZlibHeader } from "../../../shared/crawl/deflate-either.ts";

/** Feeds the chunks through a DeflateEither; resolves to the output, or to the error it ended with. */
async function inflate(chunks: Uint8Array[]): Promise<Buffer | Error> {
  const out: Buffer[] = [];
  const sink = new DeflateEither();
  sink.on("data", (c: Buffer) => out.push(c));
  try {
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), sink);
    return Buffer.concat(out);
  } catch (error) {
    return error as Error;
  }
}

/** The bytes cut into pieces at the given offsets (one-byte pieces included). */
const pieces = (bytes: Uint8Array, cuts: number[]) => {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(bytes.subarray(from, to));
    from = to;
  }
  return out;
};

describe("Content-Encoding: deflate, zlib-wrapped or raw", () => {
  const text = Buffer.from("二〇二三年政府信息公开工作年度报告 ".repeat(200));

  it("tells the two apart by the zlib header", () => {
    const zlib = deflateSync(text);
    expect(isZlibHeader(zlib[0]!, zlib[1]!)).toBe(true);
    expect(isZlibHeader(0x78, 0x00)).toBe(false); // the checksum does not hold
    expect(isZlibHeader(0x09, 0x00)).toBe(false); // window size above 32 KB
  });

  it("inflates both, whatever the chunks the body arrives in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (raw, cuts) => {
        const packed = raw ? deflateRawSync(text) : deflateSync(text);
        const result = await inflate(pieces(packed, cuts));
        expect(result).toEqual(text);
      }),
      { numRuns: 60 },
    );
  });

  it("ends arbitrary bytes with an error or some output, never a throw or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const result = await inflate(bytes.length > 0 ? [bytes] : []);
        expect(result instanceof Error || Buffer.isBuffer(result)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a raw deflate bomb is cut at the body cap like a gzip one", async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const sink = new BodySink({
      url: "http://x.gov.cn/bomb",
      contentEncoding: "deflate",
      maxBytes: 1024 * 1024,
      onTooLarge: "error",
    });
    for (let at = 0; at < bomb.length && sink.write(bomb.subarray(at, at + 4096)); at += 4096);
    const error = await sink.finish().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "too-large" });
  });
});
