// A temporary directory for a test file: made before its tests, removed (with its contents) after them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export function useTempDir(prefix: string): { path: string } {
  const dir = { path: "" };
  beforeAll(async () => {
    dir.path = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir.path) await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}
