// A response head that says its Content-Length twice, the same both times ("Content-Length: 42" on two
// lines, or "Content-Length: 42, 42"), is what some proxies in front of old servers send. RFC 9110 §8.6
// lets a recipient take the one value, and browsers do; Node's parser, even its lenient one, refuses
// any repeat. So on the lenient path (lenient-http.ts) the head is repaired to one Content-Length before
// the parser sees it. Two different lengths are left alone: the framing is truly ambiguous, and the
// parser's refusal stays a clear, permanent error.
import { Duplex } from "node:stream";

/** A head longer than this is passed on as it came (the parser's own header limit then applies). */
const MAX_HEAD_BYTES = 64 * 1024;
const CONTENT_LENGTH = /^content-length[ \t]*:(.*)$/i;

/** Where the head ends (just past its blank line), or -1 while it has not ended. */
export function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/**
 * The head with one Content-Length when it repeats the same decimal value; otherwise the same bytes
 * (no repeat, values that differ or are not decimal, or a Content-Length continued on a folded line).
 */
export function repairResponseHead(head: Uint8Array): Uint8Array {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  // Lines with their own line ends, so a bare-LF head stays bare LF.
  const parts = text.split(/(\r?\n)/);
  const values: string[] = [];
  const lengthLines: number[] = [];
  for (let i = 2; i < parts.length; i += 2) {
    const line = parts[i] ?? "";
    const match = CONTENT_LENGTH.exec(line);
    if (!match) continue;
    const next = parts[i + 2] ?? "";
    if (next.startsWith(" ") || next.startsWith("\t")) return head;
    lengthLines.push(i);
    for (const value of (match[1] ?? "").split(",")) values.push(value.trim());
  }
  if (values.length < 2) return head;
  const first = values[0] ?? "";
  if (!/^\d{1,15}$/.test(first) || values.some((v) => v !== first)) return head;
  const [keep, ...drop] = lengthLines;
  if (keep === undefined) return head;
  parts[keep] = `Content-Length: ${first}`;
  // A dropped line goes with its line end.
  for (const i of drop.reverse()) parts.splice(i, 2);
  return Buffer.from(parts.join(""), "latin1");
}

/**
 * The socket as a stream whose first response head is repaired (above); the rest passes as it comes.
 * For one request per connection, as the lenient path makes them.
 */
export function headRepairingSocket(socket: Duplex): Duplex {
  let pending: Buffer[] | undefined = [];
  let pendingBytes = 0;
  let ended = false;
  const wrapper = new Duplex({
    write(chunk, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    read() {
      socket.resume();
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  const flushPending = (): Buffer => {
    const all = Buffer.concat(pending ?? []);
    pending = undefined;
    const end = headEnd(all);
    return end < 0 ? all : Buffer.concat([repairResponseHead(all.subarray(0, end)), all.subarray(end)]);
  };
  socket.on("data", (chunk: Buffer) => {
    let out = chunk;
    if (pending) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < MAX_HEAD_BYTES && headEnd(Buffer.concat(pending)) < 0) return;
      out = flushPending();
    }
    if (!wrapper.push(out)) socket.pause();
  });
  socket.on("end", () => {
    ended = true;
    if (pending) wrapper.push(flushPending());
    wrapper.push(null);
  });
  socket.on("error", (error) => wrapper.destroy(error));
  // A close after the end lets the reader finish what is buffered; any other close cuts it off.
  socket.on("close", () => {
    if (!ended) wrapper.destroy();
  });
  return wrapper;
}
