// A local cycle as the integration tests run it: the sample sites' day, a 5 ms per-host gap, no progress.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LocalCycleRun, runLocalCycle } from "../../infra/local/local-cycle.ts";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import {
  createSampleSites,
  type SampleSitesServer,
  startSampleSites,
} from "../../infra/local/sites/server.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";

export function runTestCycle(registry: Registry, dataDir: string): Promise<LocalCycleRun> {
  return runLocalCycle({
    registry,
    dataDir,
    today: SAMPLE_GROUND_TRUTH.today,
    minIntervalMs: 5,
    concurrency: 4,
    progress: false,
  });
}

/**
 * One sample bureau crawled cycle after cycle on sample sites of its own, whose files a test edits
 * between cycles, with a data directory of its own. `start` in beforeAll, `stop` in afterAll.
 */
export function sampleBureauCycles(bureauId: string) {
  const files = createSampleSites();
  let sites: SampleSitesServer | undefined;
  let dataDir: string | undefined;
  let registry: Registry | undefined;
  return {
    files,
    get dataDir(): string {
      if (!dataDir) throw new Error("sampleBureauCycles: start() first");
      return dataDir;
    },
    async start(): Promise<void> {
      sites = await startSampleSites({ files });
      dataDir = await mkdtemp(path.join(tmpdir(), `gdm-${bureauId}-`));
      registry = { ...sites.registry, bureaus: sites.registry.bureaus.filter((b) => b.id === bureauId) };
    },
    async stop(): Promise<void> {
      await sites?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    /** One cycle: the bureau's outcome as `gdm check --json` reports it, and the cycle's totals. */
    async cycle() {
      if (!registry || !dataDir) throw new Error("sampleBureauCycles: start() first");
      const json = cycleJson((await runTestCycle(registry, dataDir)).result);
      const bureau = json.bureaus.find((b) => b.id === bureauId);
      if (!bureau) throw new Error(`the cycle did not report ${bureauId}`);
      return { bureau, totals: json.totals };
    },
  };
}
