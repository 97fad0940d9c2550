// `gdm snapshot`: the bytes a finding names, out of the local store's packs, or one clear line.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSnapshot } from "../../infra/local/snapshot-command.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";

const page = new TextEncoder().encode("<html><meta charset=gbk>2023年度报告</html>");

function io() {
  const out: Uint8Array[] = [];
  let err = "";
  return {
    io: { stdout: (b: Uint8Array) => out.push(b), stderr: (s: string) => (err += s) },
    out: () => Buffer.concat(out),
    err: () => err,
  };
}

describe("gdm snapshot", () => {
  let data: string;
  let key: string;
  beforeEach(async () => {
    data = await mkdtemp(path.join(tmpdir(), "gdm-snapcmd-"));
    key = await new FileSnapshotStore(path.join(data, "snapshots")).put(page, "text/html; charset=gbk");
  });
  afterEach(async () => {
    await rm(data, { recursive: true, force: true });
  });

  it("writes the stored bytes to stdout, or to --out, and says their type on stderr", async () => {
    const run = io();
    expect(await runSnapshot([key, "--data", data], run.io)).toBe(0);
    expect(run.out().equals(Buffer.from(page))).toBe(true);
    expect(run.err()).toBe(`text/html; charset=gbk, ${page.length} bytes\n`);
    const out = path.join(data, "page.html");
    const toFile = io();
    expect(await runSnapshot([key.toUpperCase(), "--data", data, "--out", out], toFile.io)).toBe(0);
    expect((await readFile(out)).equals(Buffer.from(page))).toBe(true);
    expect(toFile.out().length).toBe(0);
  });

  it("answers an unknown key, a malformed key and a bad option with one line and its exit code", async () => {
    const unknown = io();
    expect(await runSnapshot(["0".repeat(64), "--data", data], unknown.io)).toBe(1);
    expect(unknown.err()).toBe(`gdm: no snapshot ${"0".repeat(64)} in ${path.join(data, "snapshots")}\n`);
    for (const argv of [[], ["../../etc/passwd"], [key, key], [key, "--colour"]]) {
      const bad = io();
      expect(await runSnapshot(argv, bad.io)).toBe(2);
      expect(bad.err().split("\n")[0]).toMatch(/^gdm: /);
      expect(bad.out().length).toBe(0);
    }
  });
});
