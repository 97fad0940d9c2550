// `gdm snapshot <sha256> [--data DIR] [--out FILE]`: the raw bytes a finding's evidence names (a
// report-modified finding gives the snapshots before and after), out of the local store's packs.
// Exit 0 with the bytes written, 2 on bad usage, 1 when the store has no such snapshot or cannot read it.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { FileSnapshotStore, isSnapshotKey } from "../../shared/snapshots/index.ts";
import { dataDirOf } from "./data-dir.ts";

export const SNAPSHOT_USAGE =
  "snapshot <sha256> [--data DIR] [--out FILE]      the raw bytes of a stored snapshot (to stdout, or FILE)";

export interface SnapshotIo {
  stdout: (bytes: Uint8Array) => void;
  stderr: (text: string) => void;
}

export async function runSnapshot(argv: string[], io: SnapshotIo): Promise<number> {
  let values: { data?: string; out?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { data: { type: "string" }, out: { type: "string" }, debug: { type: "boolean" } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    io.stderr(`gdm: ${(error as Error).message}\nusage: gdm ${SNAPSHOT_USAGE}\n`);
    return 2;
  }
  const [given, ...extra] = positionals;
  const key = given?.toLowerCase();
  if (key === undefined || extra.length > 0 || !isSnapshotKey(key)) {
    io.stderr(`gdm: snapshot needs one key: 64 hex digits (a sha256)\nusage: gdm ${SNAPSHOT_USAGE}\n`);
    return 2;
  }
  const { dir, problem } = dataDirOf(values.data);
  if (problem) {
    io.stderr(`gdm: ${problem}\nusage: gdm ${SNAPSHOT_USAGE}\n`);
    return 2;
  }
  const root = path.join(dir, "snapshots");
  try {
    const snapshot = await new FileSnapshotStore(root).get(key);
    if (!snapshot) {
      io.stderr(`gdm: no snapshot ${key} in ${root}\n`);
      return 1;
    }
    if (values.out) await writeFile(values.out, snapshot.bytes);
    else io.stdout(snapshot.bytes);
    io.stderr(
      `${snapshot.contentType}, ${snapshot.bytes.length} bytes${values.out ? ` → ${values.out}` : ""}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`gdm: ${(error as Error).message}\n`);
    return 1;
  }
}
