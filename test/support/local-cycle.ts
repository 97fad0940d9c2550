// A local cycle as the integration tests run it: the sample sites' day, a 5 ms per-host gap, no progress.
import { type LocalCycleRun, runLocalCycle } from "../../infra/local/local-cycle.ts";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
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
