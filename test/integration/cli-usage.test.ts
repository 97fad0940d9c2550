// The command line as a user meets it (the gdm bin, run from another directory): bad usage and unusable inputs end in one
// clear line and the exit code DESIGN §5 gives them (2 bad usage, 1 cannot run), before anything starts.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGdm } from "./helpers/run-gdm.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

const tmp = useTempDir("gdm-cli-");
const gdm = (...args: string[]) => runGdm(tmp.path, ...args);

describe("gdm command line", () => {
  it("says --data is not a directory when it names a file, and stores nothing", async () => {
    const file = path.join(tmp.path, "registry.json");
    await writeFile(file, "{}");
    const crawl = await gdm("crawl", "--registry", file, "--data", file);
    expect(crawl).toMatchObject({ code: 2, firstErrorLine: `gdm: --data ${file} is not a directory` });
    const serve = await gdm("serve", "--data", file);
    expect(serve).toMatchObject({ code: 2, firstErrorLine: `gdm: --data ${file} is not a directory` });
    const digest = await gdm("digest", "--all", "--data", file);
    expect(digest).toMatchObject({ code: 2, firstErrorLine: `gdm: --data ${file} is not a directory` });
    const snapshot = await gdm("snapshot", "ab".repeat(32), "--data", file);
    expect(snapshot).toMatchObject({ code: 2, firstErrorLine: `gdm: --data ${file} is not a directory` });
  });

  it("rejects a bad option value in one line with exit 2", async () => {
    const registry = path.join(tmp.path, "registry.json");
    const runs = await Promise.all([
      gdm("crawl", "--registry", registry, "--concurrency", "0"),
      gdm("crawl", "--registry", registry, "--today", "2026-02-30"),
      gdm("crawl"),
      gdm("frobnicate"),
    ]);
    expect(runs.map((r) => [r.code, r.firstErrorLine])).toEqual([
      [2, "gdm: --concurrency must be a whole number from 1 to 256"],
      [2, 'gdm: --today must be a date YYYY-MM-DD, got "2026-02-30"'],
      [2, "gdm: crawl needs --registry FILE"],
      [2, 'gdm: unknown command "frobnicate"'],
    ]);
  });

  it("names the registry entry at fault with exit 1", async () => {
    const registry = path.join(tmp.path, "bad-registry.json");
    await writeFile(
      registry,
      JSON.stringify({ offices: [], bureaus: [], resolve: { "not a host": "127.0.0.1" } }),
    );
    expect(await gdm("crawl", "--registry", registry, "--data", path.join(tmp.path, "data"))).toMatchObject({
      code: 1,
      firstErrorLine: 'gdm: registry: resolve["not a host"]: must be a host name',
    });
  });
});
