// What the crawl Lambda does with one bureau: crawl, read, check, store — the local cycle's use-case.
// The messages of one invocation share a fetcher, the crawl state cache, the robots gate and the host
// pacer, so two bureaus on one host still get one request at a time, spaced out (as in crawlAll).
// Apart from handler.ts so tests can run it against dynalite.
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher, type Fetcher } from "../../shared/crawl/fetcher.ts";
import { HostPacer, type PacingOptions } from "../../shared/crawl/pacing.ts";
import { RobotsGate } from "../../shared/crawl/robots.ts";
import type { CrawlMessage } from "../../shared/cycle/crawl-messages.ts";
import { processBureau } from "../../shared/cycle/process-bureau.ts";
import type { CrawlStateStore } from "../../shared/domain/crawl.ts";
import { readReport } from "../../shared/report/read-report.ts";
import type { SnapshotStore } from "../../shared/snapshots/index.ts";
import type { Repository } from "../../shared/store/repository.ts";
import type { CrawlHandlerDeps, Invocation } from "./make-handler.ts";

interface Shared {
  fetcher: Fetcher;
  state: CrawlStateStore;
  pacer: HostPacer;
  robots: RobotsGate;
  /** Messages still running; the fetcher's sockets close with the last. */
  active: number;
}

export function makeProcessMessage(deps: {
  repo: Repository;
  snapshots: SnapshotStore;
  /** Tests relax the default 3 s gap between two requests to one host. */
  pacing?: PacingOptions;
}): CrawlHandlerDeps["process"] {
  // Per invocation and per network setting (the same for every message of a cycle).
  const invocations = new WeakMap<Invocation, Map<string, Shared>>();

  const networkKey = (message: CrawlMessage) =>
    JSON.stringify([message.resolve ?? {}, message.allowPrivateNetwork === true]);

  function join(invocation: Invocation, message: CrawlMessage): Shared {
    const key = networkKey(message);
    let byKey = invocations.get(invocation);
    if (!byKey) {
      byKey = new Map();
      invocations.set(invocation, byKey);
    }
    let shared = byKey.get(key);
    if (!shared) {
      const fetcher = createFetcher({
        ...(message.resolve ? { resolve: message.resolve } : {}),
        allowPrivateNetwork: message.allowPrivateNetwork === true,
      });
      const state = deps.repo.crawlState();
      const pacer = new HostPacer(state, deps.pacing);
      shared = { fetcher, state, pacer, robots: new RobotsGate({ fetcher, state, pacer }), active: 0 };
      byKey.set(key, shared);
    }
    shared.active++;
    return shared;
  }

  return async (bureau, message, invocation, signal) => {
    const shared = join(invocation, message);
    // Validators are committed by processBureau once the documents are stored (same as the local cycle).
    const crawlDeps = {
      fetcher: shared.fetcher,
      state: shared.state,
      pacer: shared.pacer,
      robots: shared.robots,
      urlStateWrites: "deferred" as const,
      ...(deps.pacing ? { pacing: deps.pacing } : {}),
      signal,
    };
    try {
      return await processBureau(bureau, {
        crawl: (b) => crawlBureau(b, crawlDeps),
        read: readReport,
        repo: deps.repo,
        snapshots: deps.snapshots,
        crawlState: shared.state,
        today: message.today,
        cycleAt: message.cycleAt,
        signal,
      });
    } finally {
      if (--shared.active === 0) {
        invocations.get(invocation)?.delete(networkKey(message));
        await shared.fetcher.close();
      }
    }
  };
}
