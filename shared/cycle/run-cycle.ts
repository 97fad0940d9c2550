// One monitoring cycle over a registry, in one process: crawl every bureau (bounded concurrency, shared
// per-host politeness), process each as its crawl completes, then drain the alert outbox.
import { type CrawlAllOptions, crawlAll } from "../crawl/crawl-all.ts";
import type { CrawlDeps } from "../crawl/crawl-bureau.ts";
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Bureau, Registry } from "../domain/registry.ts";
import { type DispatchResult, dispatchOutbox, type MailTransport } from "../mail/index.ts";
import { type BureauOutcome, emptyStats, type ProcessDeps, processCrawl } from "./process-bureau.ts";

export interface CycleResult {
  bureaus: BureauOutcome[];
  mail: DispatchResult;
  startedAt: string;
  finishedAt: string;
}

export interface RunCycleOptions {
  concurrency?: number;
  onBureauDone?: (outcome: BureauOutcome, done: number, total: number) => void;
  onCrawlProgress?: CrawlAllOptions["onProgress"];
  now?: () => Date;
}

/** A bureau whose processing failed (storage down, a bug): reported, never fatal for the cycle. */
function failedOutcome(bureau: Bureau, crawl: BureauCrawl, error: unknown): BureauOutcome {
  return {
    id: bureau.id,
    status: crawl.status === "ok" ? "partial" : crawl.status,
    reports: [],
    findings: [],
    errors: [...crawl.errors, `processing failed: ${error instanceof Error ? error.message : String(error)}`],
    stats: emptyStats(),
  };
}

function releaseBytes(crawl: BureauCrawl): void {
  for (const page of crawl.documents) {
    page.bytes = undefined;
    for (const attachment of page.attachments) attachment.bytes = undefined;
  }
}

export async function runCycle(
  registry: Registry,
  deps: ProcessDeps & { crawlDeps: CrawlDeps; transport: MailTransport },
  options: RunCycleOptions = {},
): Promise<CycleResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  await deps.repo.syncDirectory(registry);

  const outcomes = new Map<string, Promise<BureauOutcome>>();
  let done = 0;
  // Processing (reading, storing) may be slower than crawling, above all with pacing relaxed: past this
  // many bureaus crawled but not yet processed, a crawl worker waits for its bureau's processing, so the
  // backlog (and the page bytes it holds) stays bounded.
  const concurrency = options.concurrency ?? 6;
  const maxBacklog = concurrency * 2;
  let backlog = 0;
  const byId = new Map(registry.bureaus.map((b) => [b.id, b]));
  await crawlAll(registry.bureaus, deps.crawlDeps, {
    concurrency,
    onProgress: (progress) => {
      options.onCrawlProgress?.(progress);
      const bureau = byId.get(progress.bureauId)!;
      backlog++;
      const outcome = processCrawl(bureau, progress.result, deps)
        .catch((error: unknown) => failedOutcome(bureau, progress.result, error))
        .then((o) => {
          // The bytes are stored (snapshots) and read by now; crawlAll keeps every bureau's crawl record
          // to the end of the cycle, so without this a large registry would hold every page in memory.
          releaseBytes(progress.result);
          backlog--;
          done++;
          options.onBureauDone?.(o, done, registry.bureaus.length);
          return o;
        });
      outcomes.set(bureau.id, outcome);
      return backlog > maxBacklog ? outcome : undefined;
    },
  });
  const bureaus = await Promise.all(registry.bureaus.map((b) => outcomes.get(b.id)!));
  const mail = await dispatchOutbox(deps.repo, deps.transport, registry, { now });
  return { bureaus, mail, startedAt, finishedAt: now().toISOString() };
}
