// A bounded reader of zip packages (OFD files are zip packages): the central directory, stored and
// deflated members, every size checked before use and every inflation capped, so a bomb or a truncated
// file ends in a ZipReadError, never in a crash or an unbounded allocation.
import { inflateRawSync } from "node:zlib";

export class ZipReadError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ZipReadError";
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Largest member, inflated. */
  maxEntryBytes: number;
  /** All members read from one package, inflated. */
  maxTotalBytes: number;
}

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipPackage {
  names(): string[];
  /** A member's bytes, or undefined when there is no such member. */
  read(name: string): Uint8Array | undefined;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Member names as OFD references them: "/" separated, no leading slash, case kept. */
export function normaliseZipPath(name: string): string {
  const parts: string[] = [];
  for (const part of name.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

export function openZip(bytes: Uint8Array, limits: ZipLimits): ZipPackage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipReadError("not a zip package (no central directory)");
  const count = u16(eocd + 10);
  const directoryOffset = u32(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new ZipReadError("zip64 packages are not read");
  if (count > limits.maxEntries) throw new ZipReadError(`too many members (${count})`);
  const entries = new Map<string, Entry>();
  const utf8 = new TextDecoder("utf-8");
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) throw new ZipReadError("damaged central directory");
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const end = at + 46 + nameLength;
    if (end > bytes.length) throw new ZipReadError("damaged central directory");
    const name = normaliseZipPath(utf8.decode(bytes.subarray(at + 46, end)));
    if (flags & 1) throw new ZipReadError("the package is encrypted");
    entries.set(name, {
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    });
    at = end + u16(at + 30) + u16(at + 32);
  }
  let inflated = 0;
  return {
    names: () => [...entries.keys()],
    read(name) {
      const entry = entries.get(normaliseZipPath(name));
      if (!entry) return undefined;
      const local = entry.localOffset;
      if (u32(local) !== LOCAL) throw new ZipReadError(`damaged member ${name}`);
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      const end = start + entry.compressedSize;
      if (end > bytes.length) throw new ZipReadError(`truncated member ${name}`);
      const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - inflated);
      if (budget <= 0) throw new ZipReadError("the package is too large, inflated");
      const data = bytes.subarray(start, end);
      let out: Uint8Array;
      if (entry.method === 0) {
        if (data.length > budget) throw new ZipReadError(`member ${name} is too large`);
        out = data;
      } else if (entry.method === 8) {
        try {
          out = inflateRawSync(data, { maxOutputLength: budget });
        } catch (cause) {
          const tooLarge = (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
          throw new ZipReadError(tooLarge ? `member ${name} is too large` : `damaged member ${name}`, {
            cause,
          });
        }
      } else throw new ZipReadError(`member ${name} uses an unknown compression (${entry.method})`);
      inflated += out.length;
      return out;
    },
  };
}
