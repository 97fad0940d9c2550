// The embedded default's cycle: dynalite + files + the real crawler, the same use-cases as the Lambdas.
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { createProgressReporter } from "../../shared/crawl/progress.ts";
import { type CycleResult, runCycle } from "../../shared/cycle/run-cycle.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { startReadPool } from "./read-pool.ts";
import { startLocalStack } from "./stack.ts";

export interface LocalCycleOptions {
  registry: Registry;
  dataDir: string;
  today: string;
  /** Per-host gap between requests; production default 3000 ms. */
  minIntervalMs: number;
  concurrency: number;
  /** Where live progress goes (a TTY line, or JSON lines), or nothing. */
  progress?: NodeJS.WriteStream | false;
}

export interface LocalCycleRun {
  result: CycleResult;
  dataDir: string;
  outboxDir: string;
}

export async function runLocalCycle(options: LocalCycleOptions): Promise<LocalCycleRun> {
  const stack = await startLocalStack({ dataDir: options.dataDir });
  const fetcher = createFetcher({
    ...(options.registry.resolve ? { resolve: options.registry.resolve } : {}),
    allowPrivateNetwork: options.registry.allowPrivateNetwork === true,
  });
  const crawlState = stack.repo.crawlState();
  const reader = startReadPool();
  try {
    const reporter = options.progress
      ? createProgressReporter({ stream: options.progress, total: options.registry.bureaus.length })
      : undefined;
    const result = await runCycle(
      options.registry,
      {
        repo: stack.repo,
        snapshots: stack.snapshots,
        read: reader.read,
        today: options.today,
        cycleAt: new Date().toISOString(),
        crawlState,
        crawlDeps: {
          fetcher,
          state: crawlState,
          pacing: { minIntervalMs: options.minIntervalMs },
          urlStateWrites: "deferred",
        },
        transport: stack.outboxTransport,
      },
      { concurrency: options.concurrency, ...(reporter ? { onCrawlProgress: reporter.onProgress } : {}) },
    );
    reporter?.finish();
    return { result, dataDir: stack.dataDir, outboxDir: stack.outboxDir };
  } finally {
    await reader.close();
    await fetcher.close();
    await stack.stop();
  }
}
