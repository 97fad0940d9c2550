// What the crawl Lambda does with one bureau: crawl, read, check, store — the local cycle's use-case.
// Apart from handler.ts so a test can run it against dynalite and see every table action it needs.
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import type { PacingOptions } from "../../shared/crawl/pacing.ts";
import { processBureau } from "../../shared/cycle/process-bureau.ts";
import { readReport } from "../../shared/report/read-report.ts";
import type { SnapshotStore } from "../../shared/snapshots/index.ts";
import type { Repository } from "../../shared/store/repository.ts";
import type { CrawlHandlerDeps } from "./make-handler.ts";

export function makeProcessMessage(deps: {
  repo: Repository;
  snapshots: SnapshotStore;
  /** Tests relax the default 3 s gap between two requests to one host. */
  pacing?: PacingOptions;
}): CrawlHandlerDeps["process"] {
  return async (bureau, message) => {
    const fetcher = createFetcher({
      resolve: message.resolve,
      allowPrivateNetwork: message.allowPrivateNetwork,
    });
    const crawlState = deps.repo.crawlState();
    // Validators are committed by processBureau once the documents are stored (same as the local cycle).
    const crawlDeps = {
      fetcher,
      state: crawlState,
      urlStateWrites: "deferred" as const,
      ...(deps.pacing ? { pacing: deps.pacing } : {}),
    };
    try {
      return await processBureau(bureau, {
        crawl: (b) => crawlBureau(b, crawlDeps),
        read: readReport,
        repo: deps.repo,
        snapshots: deps.snapshots,
        crawlState,
        today: message.today,
        cycleAt: message.cycleAt,
      });
    } finally {
      await fetcher.close();
    }
  };
}
