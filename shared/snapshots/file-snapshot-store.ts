// Snapshots on the local disk, in append-only packs: each store appends the bytes of new snapshots to
// <root>/packs/<id>.pack and then a line to <id>.idx ("<sha256> <offset> <length> <type>\n"), so a crash
// mid-write leaves bytes no line points to. A file per snapshot cost ~1 ms of kernel time each here
// (creating and renaming inodes, a sixth of a cycle's main thread); an append costs tens of µs. Each
// store writes packs of its own (no two writers share a file); other processes' packs are read on a
// miss. Snapshots stored before as <root>/<aa>/<sha256> (+ <sha256>.type) are still found and read.
import { randomUUID } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  assertSnapshotKey,
  isSnapshotKey,
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
  snapshotKey,
  snapshotPath,
} from "./snapshot-store.ts";

interface PackEntry {
  pack: string;
  offset: number;
  length: number;
  contentType: string;
}

/** A pack is closed and a new one started past this size. */
const MAX_PACK_BYTES = 256 * 1024 * 1024;
const INDEX_LINE = /^([0-9a-f]{64}) (\d+) (\d+) (\S*)$/;
const LEGACY_FAN_OUT = /^[0-9a-f]{2}$/;

/**
 * Bytes of a file from `offset`: `length` of them (undefined when the file is missing or shorter: a
 * damaged index line must not make a read allocate gigabytes), or else all to its end.
 */
function readAt(file: string, offset: number, length?: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const available = Math.max(0, fstatSync(fd).size - offset);
    if (length !== undefined && length > available) return undefined;
    const bytes = Buffer.allocUnsafeSlow(length ?? available);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return read === bytes.length ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}

export class FileSnapshotStore implements SnapshotStore {
  private readonly packs: string;
  /** Every copy of a key the index files name (a crash of the machine can damage one; put adds another). */
  private readonly index = new Map<string, PackEntry[]>();
  /** Per index file: how many of its bytes (whole lines) are in `index` already. */
  private readonly indexed = new Map<string, number>();
  private loaded = false;
  /** Whether snapshots of the one-file-each layout exist (looked up on put, not only on get). */
  private legacy = false;
  private writer: { pack: string; offset: number } | undefined;

  /** `root` is usually `<dataDir>/snapshots`. */
  constructor(private readonly root: string) {
    this.packs = path.join(root, "packs");
  }

  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = snapshotKey(bytes);
    try {
      this.load();
      if (this.index.has(key) || (this.legacy && existsSync(this.legacyFile(key)))) return key;
      const writer = this.currentWriter(bytes.length);
      const line = `${key} ${writer.offset} ${bytes.length} ${encodeURIComponent(contentType)}\n`;
      try {
        appendFileSync(path.join(this.packs, `${writer.pack}.pack`), bytes);
        appendFileSync(path.join(this.packs, `${writer.pack}.idx`), line);
      } catch (error) {
        // The pack may hold part of the bytes now, so offsets past them are unknown: start a new pack.
        this.writer = undefined;
        throw error;
      }
      this.addEntry(key, { pack: writer.pack, offset: writer.offset, length: bytes.length, contentType });
      writer.offset += bytes.length;
    } catch (cause) {
      throw new SnapshotError(`could not store snapshot ${key}`, { cause });
    }
    return key;
  }

  async get(key: string): Promise<Snapshot | undefined> {
    assertSnapshotKey(key);
    try {
      this.load();
      if (!this.index.has(key)) this.refresh(); // another process may have stored it since
      const copies = this.index.get(key);
      if (copies) return this.readPacked(key, copies);
      return await this.readLegacy(key);
    } catch (error) {
      if (error instanceof SnapshotError) throw error;
      throw new SnapshotError(`could not read snapshot ${key}`, { cause: error });
    }
  }

  /** Every stored key (packs and the one-file-each layout). */
  keys(): string[] {
    this.refresh();
    const keys = new Set(this.index.keys());
    for (const fan of this.legacyFanOuts())
      for (const name of readdirSync(path.join(this.root, fan))) if (isSnapshotKey(name)) keys.add(name);
    return [...keys];
  }

  private legacyFile(key: string): string {
    return path.join(this.root, snapshotPath(key));
  }

  private legacyFanOuts(): string[] {
    try {
      return readdirSync(this.root).filter((name) => LEGACY_FAN_OUT.test(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.legacy = this.legacyFanOuts().length > 0;
    this.refresh();
    this.loaded = true;
  }

  /** Reads the index lines written since the last look, in every pack (whole lines only). */
  private refresh(): void {
    let names: string[];
    try {
      names = readdirSync(this.packs).filter((name) => name.endsWith(".idx"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const name of names) {
      const pack = name.slice(0, -".idx".length);
      if (pack === this.writer?.pack) continue; // ours: every line is in the index already
      const from = this.indexed.get(name) ?? 0;
      const tail = readAt(path.join(this.packs, name), from);
      const end = tail ? tail.lastIndexOf(0x0a) + 1 : 0;
      if (!tail || end === 0) continue;
      for (const line of tail.subarray(0, end).toString("utf8").split("\n")) {
        const match = INDEX_LINE.exec(line);
        if (!match) continue;
        let contentType: string;
        try {
          contentType = decodeURIComponent(match[4]!);
        } catch {
          continue;
        }
        this.addEntry(match[1]!, { pack, offset: Number(match[2]), length: Number(match[3]), contentType });
      }
      this.indexed.set(name, from + end);
    }
  }

  private currentWriter(adding: number): { pack: string; offset: number } {
    if (!this.writer || (this.writer.offset > 0 && this.writer.offset + adding > MAX_PACK_BYTES)) {
      mkdirSync(this.packs, { recursive: true });
      const pack = `${Date.now().toString(36)}-${process.pid}-${randomUUID().slice(0, 8)}`;
      this.writer = { pack, offset: 0 };
    }
    return this.writer;
  }

  private addEntry(key: string, entry: PackEntry): void {
    const copies = this.index.get(key);
    if (copies) copies.push(entry);
    else this.index.set(key, [entry]);
  }

  /**
   * The first copy whose bytes still hash to the key. Damaged copies are forgotten, so once none is left
   * the next put of those bytes stores them again; until then reading them fails.
   */
  private readPacked(key: string, copies: PackEntry[]): Snapshot {
    while (copies.length > 0) {
      const entry = copies[0]!;
      const bytes = readAt(path.join(this.packs, `${entry.pack}.pack`), entry.offset, entry.length);
      if (bytes && snapshotKey(bytes) === key)
        return { bytes: new Uint8Array(bytes.buffer), contentType: entry.contentType };
      copies.shift();
    }
    this.index.delete(key);
    throw new SnapshotError(`snapshot ${key} is damaged in every pack that holds it`, { retryable: false });
  }

  private async readLegacy(key: string): Promise<Snapshot | undefined> {
    const file = this.legacyFile(key);
    try {
      const bytes = new Uint8Array(await readFile(file));
      const contentType = await readFile(`${file}.type`, "utf8").catch(() => "application/octet-stream");
      return { bytes, contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}
