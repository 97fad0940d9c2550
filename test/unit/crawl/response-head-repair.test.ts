// A head that repeats one Content-Length is read as a browser reads it (one value); two different
// lengths, or anything else, reach the parser exactly as sent.
import { Duplex } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  headEnd,
  headRepairingSocket,
  repairResponseHead,
} from "../../../shared/crawl/response-head-repair.ts";

const bytes = (text: string) => Buffer.from(text, "latin1");
const repaired = (text: string) => Buffer.from(repairResponseHead(bytes(text))).toString("latin1");

describe("repairResponseHead", () => {
  it("keeps one Content-Length, where the first was, when two fields say the same", () => {
    const head = "HTTP/1.1 200 OK\r\nContent-Length: 42\r\nServer: IIS\r\ncontent-length:42\r\n\r\n";
    expect(repaired(head)).toBe("HTTP/1.1 200 OK\r\nContent-Length: 42\r\nServer: IIS\r\n\r\n");
  });

  it("turns a list of one value into that value, and keeps bare LF line ends", () => {
    expect(repaired("HTTP/1.1 200 OK\nContent-Length: 7, 7 ,7\nX: y\n\n")).toBe(
      "HTTP/1.1 200 OK\nContent-Length: 7\nX: y\n\n",
    );
  });

  it.each([
    ["two different lengths", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 14\r\n\r\n"],
    ["a list of different lengths", "HTTP/1.1 200 OK\r\nContent-Length: 4, 5\r\n\r\n"],
    ["a length that is no number", "HTTP/1.1 200 OK\r\nContent-Length: x\r\nContent-Length: x\r\n\r\n"],
    ["an empty repeat", "HTTP/1.1 200 OK\r\nContent-Length: \r\nContent-Length: \r\n\r\n"],
    [
      "a length folded onto the next line",
      "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n 4\r\nContent-Length: 4\r\n\r\n",
    ],
    ["one length", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"],
    ["no length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"],
  ])("leaves %s as sent", (_, head) => {
    expect(repaired(head)).toBe(head);
  });

  it("never throws, and changes a head only by dropping repeated Content-Length lines", () => {
    const line = fc.oneof(
      fc.constantFrom(
        "Content-Length: 10",
        "content-length:10",
        "Content-Length: 10, 10",
        "Content-Length: 11",
      ),
      fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, "")),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom("\r\n", "\n"), (lines, eol) => {
        const head = `HTTP/1.1 200 OK${eol}${lines.map((l) => l + eol).join("")}${eol}`;
        const out = repaired(head);
        if (out === head) return;
        const values = head
          .split(eol)
          .filter((l) => /^content-length[ \t]*:/i.test(l))
          .flatMap((l) => l.replace(/^[^:]*:/, "").split(","))
          .map((v) => v.trim());
        expect(values.length).toBeGreaterThan(1);
        expect(new Set(values).size).toBe(1);
        const kept = out.split(eol).filter((l) => /^content-length[ \t]*:/i.test(l));
        expect(kept).toEqual([`Content-Length: ${values[0]}`]);
        const others = (text: string) => text.split(eol).filter((l) => !/^content-length[ \t]*:/i.test(l));
        expect(others(out)).toEqual(others(head));
      }),
    );
  });
});

describe("headEnd", () => {
  it("finds the blank line after CRLF or bare LF lines, and nothing before it", () => {
    expect(headEnd(bytes("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody"))).toBe(25);
    expect(headEnd(bytes("HTTP/1.1 200 OK\nA: b\n\nbody"))).toBe(22);
    expect(headEnd(bytes("HTTP/1.1 200 OK\r\nA: b\r\n"))).toBe(-1);
  });
});

/** A socket that answers `chunks` and swallows what is written to it. */
function answering(chunks: Buffer[]): Duplex {
  const socket = new Duplex({ read() {}, write: (_c, _e, callback) => callback() });
  setImmediate(() => {
    for (const chunk of chunks) socket.push(chunk);
    socket.push(null);
  });
  return socket;
}

async function readAll(stream: Duplex): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString("latin1");
}

describe("headRepairingSocket", () => {
  const body = "<p>nianbao</p>\r\n\r\nContent-Length: 3\r\nContent-Length: 3\r\n";
  const answer = `HTTP/1.1 200 OK\r\nContent-Length: 40\r\nContent-Length: 40\r\n\r\n${body}`;

  it("repairs the head however the answer is cut, and passes the body as it came", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: answer.length - 1 })), async (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), answer.length];
        const chunks = at.slice(1).map((end, i) => bytes(answer.slice(at[i], end)));
        const out = await readAll(headRepairingSocket(answering(chunks)));
        expect(out).toBe(`HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n${body}`);
      }),
      { numRuns: 50 },
    );
  });

  it("passes an answer with no end to its head as it came", async () => {
    expect(await readAll(headRepairingSocket(answering([bytes("HTTP/1.1 200 OK\r\nContent-")])))).toBe(
      "HTTP/1.1 200 OK\r\nContent-",
    );
  });
});
