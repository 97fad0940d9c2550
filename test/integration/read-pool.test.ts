// The local cycle reads in worker threads. A worker must give exactly what an inline readReport gives,
// and a worker that dies must cost nothing but time: its jobs are read inline and the cycle goes on.
import { afterEach, describe, expect, it } from "vitest";
import { type ReadPool, startReadPool } from "../../infra/local/read-pool.ts";
import type { ReadInput } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { sampleSiteFiles } from "../support/sample-pages.ts";

function sampleInputs(limit: number): ReadInput[] {
  return sampleSiteFiles()
    .filter(({ url, file }) => /html|pdf|word|officedocument/.test(file.contentType) && !url.endsWith("/"))
    .slice(0, limit)
    .map(({ url, file }) => ({ bytes: file.body, url, contentType: file.contentType }));
}

describe("read pool", () => {
  let pool: ReadPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("gives what an inline readReport gives, read by the worker", async () => {
    const inputs = sampleInputs(24);
    expect(inputs.length).toBeGreaterThan(10);
    pool = startReadPool({ workers: 1 });
    const pooled = await Promise.all(inputs.map((input) => pool!.read(input)));
    for (const [i, input] of inputs.entries()) expect(pooled[i]).toEqual(await readReport(input));
    expect(pool.counts).toEqual({ worker: inputs.length, inline: 0 });
    expect(pool.failures).toEqual([]);
  }, 120_000);

  it("reads inline, with the same results, when its worker dies", async () => {
    const inputs = sampleInputs(6);
    pool = startReadPool({
      workers: 1,
      workerScript: new URL("../support/crashing-read-worker.mjs", import.meta.url),
    });
    const pooled = await Promise.all(inputs.map((input) => pool!.read(input)));
    for (const [i, input] of inputs.entries()) expect(pooled[i]).toEqual(await readReport(input));
    expect(pool.counts.worker).toBe(0);
    expect(pool.counts.inline).toBe(inputs.length);
    expect(pool.failures.map((f) => f.message)).toEqual([
      "a read worker stopped (exit code 3); reading inline",
    ]);
  }, 60_000);
});
