// Per-host politeness (DESIGN §7): one request in flight per host, starts ≥ minInterval apart and never
// closer than the robots Crawl-delay; retryable failures are retried with Retry-After (429/503) or
// exponential backoff with jitter; a host failing K tasks in a row is parked in the CrawlStateStore.
import type { CrawlStateStore } from "../domain/crawl.ts";
import { FetchError } from "./errors.ts";

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (the pacer relies on it to stop waiting). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener("abort", done, { once: true });
    }),
};

export interface PacingOptions {
  /** Minimum gap between request starts on one host; default 3000. */
  minIntervalMs?: number;
  /** Retries after the first attempt for retryable failures; default 3. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this is cut to it; default 120 s. */
  retryAfterCapMs?: number;
  /** Consecutive failed tasks before a host is parked; default 5. */
  parkAfterFailures?: number;
  parkForMs?: number;
  clock?: Clock;
  random?: () => number;
}

/** Retry-After as delay seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The caller gave up (its signal aborted): not the host's failure, never retried. */
function stoppedError(host: string, cause?: unknown): FetchError {
  return new FetchError("aborted", host, `stopped before ${host} answered: the crawl ran out of time`, {
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

interface HostHealth {
  failures: number;
  parkedUntil?: string;
  lastErrors: string[];
}

export class HostPacer {
  private readonly minIntervalMs: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly retryAfterCapMs: number;
  private readonly parkAfterFailures: number;
  private readonly parkForMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  /** Hosts with a task in their slot, and the starts waiting behind it (FIFO). */
  private readonly busy = new Map<string, (() => void)[]>();
  private readonly lastStart = new Map<string, number>();
  private readonly crawlDelays = new Map<string, number>();
  private readonly health = new Map<string, HostHealth>();
  /** Hosts parked during this run, with the reason: reported by crawlAll. */
  readonly parkedHosts = new Map<string, string>();

  constructor(
    private readonly state: CrawlStateStore,
    options: PacingOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 3000;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.retryAfterCapMs = options.retryAfterCapMs ?? 120_000;
    this.parkAfterFailures = options.parkAfterFailures ?? 5;
    this.parkForMs = options.parkForMs ?? 6 * 3600_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  setCrawlDelay(host: string, ms: number | undefined): void {
    if (ms !== undefined && ms > 0) this.crawlDelays.set(host, ms);
  }

  intervalFor(host: string): number {
    return Math.max(this.minIntervalMs, this.crawlDelays.get(host) ?? 0);
  }

  /**
   * Run `task` in the host's slot, with retries; throws the last FetchError, or a "parked" one. Once
   * `signal` aborts (the caller ran out of time), waits end at once and an "aborted" FetchError is thrown:
   * no retry, and nothing recorded against the host, whose failure it is not.
   */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw stoppedError(host);
    const waiting = this.busy.get(host);
    if (waiting) await new Promise<void>((resolve) => waiting.push(resolve));
    else this.busy.set(host, []);
    try {
      if (signal?.aborted) throw stoppedError(host);
      if (this.parkedNow(host) ?? (await this.isParked(host))) {
        const health = await this.loadHealth(host);
        throw new FetchError("parked", host, `host ${host} is parked until ${health.parkedUntil}`, {
          retryable: false,
        });
      }
      for (let attempt = 0; ; attempt++) {
        const turn = this.waitTurn(host, signal);
        if (turn) await turn;
        if (signal?.aborted) throw stoppedError(host);
        try {
          const value = await task();
          if (!this.healthy(host)) await this.recordSuccess(host);
          return value;
        } catch (error) {
          if (signal?.aborted) throw stoppedError(host, error);
          const retryable = error instanceof FetchError && error.retryable;
          if (retryable && attempt < this.maxRetries) {
            const delay = this.backoff(attempt, error);
            // The slot stays held while backing off, so no other request hits a struggling host.
            if (delay > this.intervalFor(host))
              await this.clock.sleep(delay - this.intervalFor(host), signal);
            continue;
          }
          if (retryable) await this.recordFailure(host, (error as Error).message);
          else if (error instanceof FetchError && error.status >= 400) await this.recordSuccess(host);
          throw error;
        }
      }
    } finally {
      const next = this.busy.get(host)?.shift();
      if (next) next();
      else this.busy.delete(host);
    }
  }

  async isParked(host: string): Promise<boolean> {
    return this.parkedNow(host) ?? this.isParkedHealth(await this.loadHealth(host));
  }

  /** Whether the host is parked, when its health is already known (undefined when it must be loaded). */
  parkedNow(host: string): boolean | undefined {
    const health = this.health.get(host);
    return health === undefined ? undefined : this.isParkedHealth(health);
  }

  private isParkedHealth(health: HostHealth): boolean {
    return health.parkedUntil !== undefined && Date.parse(health.parkedUntil) > this.clock.now();
  }

  private async loadHealth(host: string): Promise<HostHealth> {
    let health = this.health.get(host);
    if (!health) {
      health = (await this.state.getHostHealth(host)) ?? { failures: 0, lastErrors: [] };
      this.health.set(host, health);
    }
    return health;
  }

  /** Undefined when the host's turn has come already (no promise to wait on). */
  private waitTurn(host: string, signal: AbortSignal | undefined): Promise<void> | undefined {
    const last = this.lastStart.get(host);
    if (last !== undefined) {
      const wait = last + this.intervalFor(host) - this.clock.now();
      if (wait > 0) {
        return this.clock.sleep(wait, signal).then(() => {
          this.lastStart.set(host, this.clock.now());
        });
      }
    }
    this.lastStart.set(host, this.clock.now());
    return undefined;
  }

  private backoff(attempt: number, error: FetchError): number {
    if (error.retryAfterMs !== undefined && (error.status === 429 || error.status === 503)) {
      return Math.min(error.retryAfterMs, this.retryAfterCapMs);
    }
    const exponential = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return exponential / 2 + (exponential / 2) * this.random();
  }

  /** Known healthy: a success changes nothing. */
  private healthy(host: string): boolean {
    const health = this.health.get(host);
    return health !== undefined && health.failures === 0 && health.parkedUntil === undefined;
  }

  private async recordSuccess(host: string): Promise<void> {
    const health = await this.loadHealth(host);
    // Only write when something changes: re-crawling a healthy site leaves the store untouched.
    if (health.failures === 0 && health.parkedUntil === undefined) return;
    const fresh: HostHealth = { failures: 0, lastErrors: [] };
    this.health.set(host, fresh);
    await this.state.putHostHealth(host, fresh);
  }

  private async recordFailure(host: string, message: string): Promise<void> {
    const health = await this.loadHealth(host);
    const next: HostHealth = {
      failures: health.failures + 1,
      lastErrors: [message, ...health.lastErrors].slice(0, 5),
    };
    if (next.failures >= this.parkAfterFailures) {
      next.parkedUntil = new Date(this.clock.now() + this.parkForMs).toISOString();
      this.parkedHosts.set(host, `parked after ${next.failures} consecutive failures: ${message}`);
    }
    this.health.set(host, next);
    await this.state.putHostHealth(host, next);
  }
}
