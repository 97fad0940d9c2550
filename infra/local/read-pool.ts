// Reading is the cycle's heaviest CPU work; on one machine it runs in worker threads so crawling and
// storing keep the main thread. readReport is a pure function of its input, so a worker gives exactly
// what an inline call gives. If a worker cannot start or dies, reading continues inline: a pool problem
// never stops a cycle. (The Lambdas read inline: a crawl Lambda has about one vCPU.)
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ParsedReport, ReadInput } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";

type ReadRequest = { id: number; input: ReadInput };
type ReadReply =
  | { ready: true }
  | { id: number; report: ParsedReport }
  | { id: number; error: { name: string; message: string } };

export interface ReadPool {
  read(input: ReadInput): Promise<ParsedReport>;
  /** Resolves once every worker has loaded the reader (or failed to): reads are then not queued behind
   * a worker's start-up. Reading never needs to wait for it. */
  ready(): Promise<void>;
  /** Reports read by workers and inline (after a worker failure, or with no workers). */
  readonly counts: { worker: number; inline: number };
  /** Workers that stopped during the run (their jobs were read inline). */
  readonly failures: readonly ReadWorkerError[];
  close(): Promise<void>;
}

interface Pending {
  input: ReadInput;
  resolve: (report: ParsedReport) => void;
  reject: (error: Error) => void;
}

export class ReadWorkerError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReadWorkerError";
  }
}

/** Default: one worker per core beyond the main thread's. */
export function defaultReadWorkers(): number {
  return Math.max(0, availableParallelism() - 1);
}

const READ_WORKER = new URL("./read-worker.mjs", import.meta.url);

function spawn(script: URL): Worker {
  // No loader flags: the worker loads the TypeScript reader through tsx's API itself.
  return new Worker(script, { execArgv: [] });
}

export function startReadPool(options: { workers?: number; workerScript?: URL } = {}): ReadPool {
  const counts = { worker: 0, inline: 0 };
  const failures: ReadWorkerError[] = [];
  const pending = new Map<number, Pending>();
  const load = new Map<Worker, Set<number>>();
  const started: Promise<void>[] = [];
  let nextId = 0;
  let closed = false;

  const inline = (input: ReadInput) => {
    counts.inline++;
    return readReport(input);
  };

  function retire(worker: Worker, cause: unknown) {
    const ids = load.get(worker);
    load.delete(worker);
    // What the dead worker held is read inline: the cycle sees a report, never a pool failure.
    for (const id of ids ?? []) {
      const job = pending.get(id);
      pending.delete(id);
      if (job) inline(job.input).then(job.resolve, job.reject);
    }
    if (!closed && ids) {
      const message = cause instanceof Error ? cause.message : String(cause);
      failures.push(new ReadWorkerError(`a read worker stopped (${message}); reading inline`, { cause }));
    }
  }

  for (let i = 0; i < (options.workers ?? defaultReadWorkers()); i++) {
    let worker: Worker;
    try {
      worker = spawn(options.workerScript ?? READ_WORKER);
    } catch (cause) {
      failures.push(new ReadWorkerError("a read worker could not start; reading inline", { cause }));
      break;
    }
    load.set(worker, new Set());
    let markReady = () => {};
    started.push(
      new Promise<void>((resolve) => {
        markReady = resolve;
      }),
    );
    worker.on("message", (reply: ReadReply) => {
      if ("ready" in reply) {
        markReady();
        return;
      }
      const job = pending.get(reply.id);
      load.get(worker)?.delete(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if ("report" in reply) {
        counts.worker++;
        job.resolve(reply.report);
      } else {
        job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      }
    });
    worker.on("error", (error) => {
      markReady();
      retire(worker, error);
    });
    worker.on("exit", (code) => {
      markReady();
      retire(worker, new Error(`exit code ${code}`));
    });
    worker.unref();
  }

  function leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const [worker, ids] of load) if (!best || ids.size < (load.get(best)?.size ?? 0)) best = worker;
    return best;
  }

  return {
    counts,
    failures,
    async ready() {
      await Promise.all(started);
    },
    read(input) {
      const worker = closed ? undefined : leastBusy();
      if (!worker) return inline(input);
      const id = nextId++;
      return new Promise<ParsedReport>((resolve, reject) => {
        pending.set(id, { input, resolve, reject });
        load.get(worker)?.add(id);
        const request: ReadRequest = { id, input };
        // Copied, not transferred: the cycle stores the bytes as a snapshot after reading them.
        worker.postMessage(request);
      });
    },
    async close() {
      closed = true;
      const workers = [...load.keys()];
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
