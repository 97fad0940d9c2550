// A response body collected from the chunks undici hands over, with a cap on the DECOMPRESSED size
// counted as it arrives, so a 200 MB body or a gzip bomb is cut off at the cap instead of buffered.
// Plain bodies need no stream at all; compressed ones go through zlib streams fed chunk by chunk.
import type { Transform } from "node:stream";
import { constants, createBrotliDecompress, createGunzip } from "node:zlib";
import { DeflateEither } from "./deflate-either.ts";
import { FetchError } from "./errors.ts";

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case "deflate":
      return new DeflateEither();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

export interface BodyOptions {
  url: string;
  contentEncoding?: string;
  maxBytes: number;
  /** "truncate" keeps the first maxBytes (robots.txt); "error" fails with a too-large FetchError. */
  onTooLarge: "error" | "truncate";
}

/** Content-Encoding values to undo, in the order to undo them (the last applied first). */
export function encodingsOf(contentEncoding: string | undefined): string[] {
  if (contentEncoding === undefined || contentEncoding === "" || contentEncoding === "identity") return [];
  return contentEncoding
    .toLowerCase()
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "" && e !== "identity")
    .reverse();
}

/**
 * Collects a body. `write` returns false once no more input is wanted (the cap was reached, or
 * decompression failed): the caller then stops the transfer. `finish` resolves to the bytes, in
 * memory of their own (never a slice of Node's shared pool: consumers may transfer it).
 */
export class BodySink {
  private chunks: Uint8Array[] = [];
  private total = 0;
  private failure: unknown;
  private full = false;
  private readonly stages: Transform[] = [];
  private readonly done: Promise<void> | undefined;

  /** Throws a bad-encoding FetchError for an encoding it cannot undo. */
  constructor(
    private readonly options: BodyOptions,
    /** For compressed bodies, whose output is counted asynchronously. */
    events: {
      /** The decompressor wants more input after `write` asked to wait. */
      drain(): void;
      /** Decompression stopped early (cap reached, corrupt data): stop the transfer. */
      stopped(): void;
    } = { drain() {}, stopped() {} },
  ) {
    const encodings = encodingsOf(options.contentEncoding);
    if (encodings.length === 0) return;
    for (const encoding of encodings) {
      const decoder = decoderFor(encoding);
      if (!decoder) {
        throw new FetchError("bad-encoding", options.url, `unsupported Content-Encoding "${encoding}"`, {
          retryable: false,
        });
      }
      const previous = this.stages.at(-1);
      if (previous) previous.pipe(decoder);
      this.stages.push(decoder);
    }
    const first = this.stages[0]!;
    const last = this.stages.at(-1)!;
    first.on("drain", () => events.drain());
    this.done = new Promise<void>((resolve) => {
      let ended = false;
      const stop = (error?: unknown) => {
        if (ended) return;
        ended = true;
        if (error !== undefined && this.failure === undefined && !this.full) this.failure = error;
        resolve();
        if (this.stopped) {
          this.destroyStages();
          events.stopped();
        }
      };
      for (const stage of this.stages) stage.on("error", stop);
      last.on("data", (chunk: Buffer) => {
        if (!ended && !this.accept(chunk)) stop();
      });
      last.once("end", () => stop());
      // As the stream reader did: a close before 'end' is a premature close.
      last.once("close", () =>
        stop(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" })),
      );
    });
  }

  /** Whether the body has been cut at the cap (or failed), so the transfer should stop. */
  get stopped(): boolean {
    return this.full || this.failure !== undefined;
  }

  /** False when the transfer should stop, or (compressed bodies) pause until onDrain. */
  write(chunk: Uint8Array): boolean {
    if (this.stopped) return false;
    const first = this.stages[0];
    if (!first) return this.accept(chunk);
    return first.write(chunk);
  }

  private accept(chunk: Uint8Array): boolean {
    const room = this.options.maxBytes - this.total;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.total += chunk.length;
      return true;
    }
    if (this.options.onTooLarge === "truncate") {
      this.chunks.push(chunk.subarray(0, room));
      this.total += room;
      this.full = true;
      return false;
    }
    this.failure = new FetchError(
      "too-large",
      this.options.url,
      `body exceeds ${this.options.maxBytes} bytes (decompressed): ${this.options.url}`,
      { retryable: false },
    );
    return false;
  }

  private destroyStages(): void {
    for (const stage of this.stages) stage.destroy();
  }

  /** Stop decompressing (the transfer failed or was abandoned). */
  abandon(): void {
    this.destroyStages();
  }

  /** The body once the transfer has ended (or was cut at the cap); throws what stopped it. */
  async finish(): Promise<Uint8Array> {
    if (this.done && !this.stopped) {
      this.stages[0]!.end();
      await this.done;
    }
    this.destroyStages();
    if (this.failure !== undefined) throw this.failure;
    return this.bytes();
  }

  /** The bytes of a plain body, without waiting (no decompression involved). */
  finishPlain(): Uint8Array {
    if (this.failure !== undefined) throw this.failure;
    return this.bytes();
  }

  get plain(): boolean {
    return this.done === undefined;
  }

  private bytes(): Uint8Array {
    const total = this.total;
    const out = new Uint8Array(Buffer.allocUnsafeSlow(total).buffer, 0, total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    return out;
  }
}
