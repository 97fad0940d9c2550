// `--data DIR` (default .data/), as every command takes it: absolute, and a path that exists but is not
// a directory is bad usage (said in one line) rather than an ENOTDIR from deep inside the store.
import { statSync } from "node:fs";
import path from "node:path";

/** The data directory, and what is wrong with it when it cannot be one. */
export function dataDirOf(value: string | undefined): { dir: string; problem?: string } {
  const dir = path.resolve(value ?? ".data");
  const stat = statSync(dir, { throwIfNoEntry: false });
  return stat && !stat.isDirectory() ? { dir, problem: `--data ${dir} is not a directory` } : { dir };
}
