// Read a response body with a cap on the DECOMPRESSED size, counting while streaming, so a 200 MB body
// or a gzip bomb is cut off at the cap instead of being buffered.
import type { Readable, Transform } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { FetchError } from "./errors.ts";

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case "deflate":
      return createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

export interface ReadBodyOptions {
  url: string;
  contentEncoding?: string;
  maxBytes: number;
  /** "truncate" keeps the first maxBytes (robots.txt); "error" fails with a too-large FetchError. */
  onTooLarge: "error" | "truncate";
}

export async function readBody(body: Readable, options: ReadBodyOptions): Promise<Uint8Array> {
  const encodings = (options.contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "" && e !== "identity");
  let stream: Readable = body;
  const stages: Transform[] = [];
  // Encodings are listed in the order they were applied, so undo them from the last.
  for (const encoding of encodings.reverse()) {
    const decoder = decoderFor(encoding);
    if (!decoder) {
      body.destroy();
      throw new FetchError("bad-encoding", options.url, `unsupported Content-Encoding "${encoding}"`, {
        retryable: false,
      });
    }
    const upstream = stream;
    upstream.on("error", (error) => decoder.destroy(error));
    stream = upstream.pipe(decoder);
    stages.push(decoder);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // Plain 'data' events: an async iterator per body costs more than the small pages themselves.
    await new Promise<void>((resolve, reject) => {
      const stop = (error?: unknown) => {
        stream.off("data", onData);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onData = (chunk: Buffer) => {
        const room = options.maxBytes - total;
        if (chunk.length <= room) {
          chunks.push(chunk);
          total += chunk.length;
          return;
        }
        if (options.onTooLarge === "truncate") {
          chunks.push(chunk.subarray(0, room));
          total += room;
          stop();
          return;
        }
        stop(
          new FetchError(
            "too-large",
            options.url,
            `body exceeds ${options.maxBytes} bytes (decompressed): ${options.url}`,
            { retryable: false },
          ),
        );
      };
      stream.on("data", onData);
      stream.once("end", () => stop());
      stream.once("error", (error) => stop(error));
      // As the async iterator did: a close before 'end' is a premature close.
      stream.once("close", () =>
        stop(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" })),
      );
    });
  } finally {
    // Stop the transfer (and any decompression) at once when we stopped reading early.
    for (const stage of stages) stage.destroy();
    body.destroy();
  }
  // One copy into memory of its own (never a slice of Node's shared pool: consumers may transfer it).
  const out = new Uint8Array(Buffer.allocUnsafeSlow(total).buffer, 0, total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
