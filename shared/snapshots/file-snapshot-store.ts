// Snapshots on the local disk: <root>/<aa>/<sha256>, content type beside it in <sha256>.type.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
  snapshotKey,
  snapshotPath,
} from "./snapshot-store.ts";

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Write-then-rename, so a reader never sees half a snapshot and a crash leaves no partial file. */
async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export class FileSnapshotStore implements SnapshotStore {
  /** `root` is usually `<dataDir>/snapshots`. */
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = snapshotKey(bytes);
    const file = path.join(this.root, snapshotPath(key));
    try {
      if (!(await exists(file))) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeAtomically(`${file}.type`, contentType);
        await writeAtomically(file, bytes);
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
