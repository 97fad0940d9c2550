// "Content-Encoding: deflate" means zlib-wrapped data (RFC 9110), but servers that send raw deflate
// (old IIS, hand-rolled Java filters) are common enough that every browser accepts both, telling them
// apart by the first two bytes. So does the crawler.
import { Transform, type TransformCallback } from "node:stream";
import { constants, createInflate, createInflateRaw } from "node:zlib";

/** The two bytes that open a zlib stream: method 8 (deflate), and a header checksum that holds. */
export function isZlibHeader(first: number, second: number): boolean {
  return (first & 0x0f) === 8 && first >> 4 <= 7 && ((first << 8) | second) % 31 === 0;
}

export class DeflateEither extends Transform {
  private inner: Transform | undefined;
  private head: Buffer[] = [];
  private headLength = 0;

  private start(): Transform {
    const head = Buffer.concat(this.head);
    this.head = [];
    const zlib = head.length >= 2 && isZlibHeader(head[0]!, head[1]!);
    const inner = zlib
      ? createInflate({ finishFlush: constants.Z_SYNC_FLUSH })
      : createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
    inner.on("data", (chunk: Buffer) => this.push(chunk));
    inner.on("error", (error) => this.destroy(error));
    this.inner = inner;
    if (head.length > 0) inner.write(head);
    return inner;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let inner = this.inner;
    let accepted: boolean;
    if (inner) accepted = inner.write(chunk);
    else {
      // The first two bytes decide, so they are held until both have come.
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < 2) {
        callback();
        return;
      }
      inner = this.start();
      accepted = !inner.writableNeedDrain;
    }
    if (accepted) callback();
    else inner.once("drain", () => callback());
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.inner ?? this.start();
    inner.once("end", () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}
