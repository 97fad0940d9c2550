// Snapshots on the local disk: <root>/<aa>/<sha256>, content type beside it in <sha256>.type.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
  snapshotKey,
  snapshotPath,
} from "./snapshot-store.ts";

/**
 * Write-then-rename, so a reader never sees half a snapshot and a crash leaves no partial file.
 * Synchronous on purpose: a snapshot is a few dozen KB into the page cache, and the promise API's
 * open/write/close round trips through the thread pool cost the cycle several times the CPU.
 */
function writeAtomically(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export class FileSnapshotStore implements SnapshotStore {
  /** Fan-out directories known to exist, so each is created once per store. */
  private readonly dirs = new Set<string>();

  /** `root` is usually `<dataDir>/snapshots`. */
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = snapshotKey(bytes);
    const file = path.join(this.root, snapshotPath(key));
    try {
      if (!existsSync(file)) {
        const dir = path.dirname(file);
        if (!this.dirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          this.dirs.add(dir);
        }
        // The type first and plainly: it is only read once the snapshot itself exists, and a crash
        // that leaves it half-written leaves no snapshot either, so the next put writes both again.
        writeFileSync(`${file}.type`, contentType);
        writeAtomically(file, bytes);
      }
    } catch (cause) {
      throw new SnapshotError(`could not store snapshot ${key}`, { cause });
    }
    return key;
  }

  async get(key: string): Promise<Snapshot | undefined> {
    const file = path.join(this.root, snapshotPath(key));
    try {
      const bytes = new Uint8Array(await readFile(file));
      const contentType = await readFile(`${file}.type`, "utf8").catch(() => "application/octet-stream");
      return { bytes, contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new SnapshotError(`could not read snapshot ${key}`, { cause: error });
    }
  }
}
