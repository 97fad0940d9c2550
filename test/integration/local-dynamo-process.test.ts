import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalDynamoError, startDynalite } from "../../infra/local/dynalite.ts";
import { createRepository } from "../../shared/store/repository.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dynaliteModule = pathToFileURL(path.join(repoRoot, "infra/local/dynalite.ts")).href;

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gdm-dynalite-process-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Whether anything still answers HTTP at the endpoint. */
function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(endpoint, { method: "GET", agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}

describe("the local DynamoDB process", () => {
  it("stop() leaves nothing listening and releases the data directory for the next start", async () => {
    const first = await startDynalite({ dataDir });
    expect(await answers(first.endpoint)).toBe(true);
    await first.stop();
    await first.stop(); // idempotent
    expect(await answers(first.endpoint)).toBe(false);

    const second = await startDynalite({ dataDir });
    try {
      expect(await answers(second.endpoint)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it("refuses a second instance on the same data directory with one clear line, leaving the first working", async () => {
    const first = await startDynalite({ dataDir });
    try {
      const error = await startDynalite({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LocalDynamoError);
      const message = (error as Error).message;
      expect(message).toContain(path.join(dataDir, "dynamodb"));
      expect(message).toMatch(/in use by another running instance/);
      expect(message).not.toContain("\n");

      const repo = createRepository({ doc: first.doc, tableName: first.tableName });
      await repo
        .crawlState()
        .putUrlState({ url: "https://a.gov.cn/x", checkedAt: "2024-01-01T00:00:00.000Z" });
      expect((await repo.crawlState().getUrlState("https://a.gov.cn/x"))?.checkedAt).toBe(
        "2024-01-01T00:00:00.000Z",
      );
    } finally {
      await first.stop();
    }
  });

  it("does not outlive a parent that dies without stopping it", async () => {
    // The parent starts dynalite on the data directory, prints its endpoint and is killed outright.
    const parent = `
      const { startDynalite } = await import(${JSON.stringify(dynaliteModule)});
      const dynamo = await startDynalite({ dataDir: ${JSON.stringify(dataDir)} });
      process.stdout.write(dynamo.endpoint);
      process.kill(process.pid, "SIGKILL");
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", parent],
      { cwd: repoRoot },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
    expect(stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // The orphaned child notices its closed IPC channel, closes LevelDB and exits.
    let stillUp = true;
    for (let attempt = 0; attempt < 100 && stillUp; attempt++) {
      stillUp = await answers(stdout);
      if (stillUp) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stillUp).toBe(false);
    const next = await startDynalite({ dataDir });
    await next.stop();
  });
});
