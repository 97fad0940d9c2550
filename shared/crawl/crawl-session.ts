// One bureau's crawl context: allowed hosts, the polite fetch (robots → pacing → fetcher) and the visit log.

import type { CrawlStateStore, DeadLink, UrlState, VisitRecord } from "../domain/crawl.ts";
import type { Bureau } from "../domain/registry.ts";
import { bureauHosts } from "../registry/bureau-hosts.ts";
import { FetchError, visitOutcomeOf } from "./errors.ts";
import type { Fetcher, FetchRequest, FetchResponse } from "./fetcher.ts";
import type { HostPacer } from "./pacing.ts";
import type { RobotsFetchScope, RobotsGate } from "./robots.ts";

export type CrawlLog = (event: Record<string, unknown>) => void;

/** Why a request was not made, or was cut off, once the crawl's signal aborted. */
export const STOPPED = "crawl stopped: out of time";
/** The detail of a listing visit that answered 200 with a "page not found" page. */
export const SOFT_404 = "soft 404: answered 200 with a page-not-found page";

/** Answers that say a document is not there, as opposed to could not be fetched. */
const DEAD_LINK_STATUSES = new Set([404, 410]);

export interface SessionDeps {
  fetcher: Fetcher;
  state: CrawlStateStore;
  pacer: HostPacer;
  robots: RobotsGate;
  log?: CrawlLog;
  now: () => number;
  urlStateWrites: "immediate" | "deferred";
  /** Aborts when the caller runs out of time: no request starts after it, waits end at once. */
  signal?: AbortSignal;
}

export class CrawlSession {
  readonly visited: VisitRecord[] = [];
  readonly errors: string[] = [];
  /**
   * Documents the site answered 404 or 410 for, or a "page not found" page: answers, not failures, so
   * not among `errors` (the visit records them; a bureau whose only trouble is dead links was checked).
   */
  readonly deadLinks: Pick<DeadLink, "url" | "status" | "softNotFound">[] = [];
  readonly pendingUrlStates: UrlState[] = [];
  readonly allowedHosts: Set<string>;
  /** What every fetch of this bureau may touch (robots.txt's too). */
  private readonly scope: RobotsFetchScope;

  constructor(
    readonly bureau: Bureau,
    readonly deps: SessionDeps,
  ) {
    this.allowedHosts = bureauHosts(bureau);
    this.scope = bureau.acceptInvalidCertificates
      ? { allowedHosts: this.allowedHosts, acceptInvalidCertificates: true }
      : { allowedHosts: this.allowedHosts };
  }

  isAllowedHost = (host: string): boolean => this.allowedHosts.has(host.toLowerCase());

  private lastAt = { ms: Number.NaN, iso: "" };
  /** "YYYY-MM-DDTHH:MM:SS." of the current second, so most instants cost a short concat. */
  private lastSecond = { start: Number.NaN, prefix: "" };

  /** The current instant as ISO text; formatted once per millisecond however many records share it. */
  at(): string {
    const ms = this.deps.now();
    if (ms === this.lastAt.ms) return this.lastAt.iso;
    const second = ms - (((ms % 1000) + 1000) % 1000);
    if (second !== this.lastSecond.start || !Number.isInteger(ms)) {
      const iso = new Date(ms).toISOString();
      // Years past 9999 are written differently: format those in full every time.
      this.lastSecond =
        iso.length === 24 ? { start: second, prefix: iso.slice(0, 20) } : { start: Number.NaN, prefix: "" };
      this.lastAt = { ms, iso };
      return iso;
    }
    const milli = ms - second;
    const iso = `${this.lastSecond.prefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
    this.lastAt = { ms, iso };
    return iso;
  }

  record(visit: Omit<VisitRecord, "at">): void {
    const full = { ...visit, at: this.at() };
    this.visited.push(full);
    this.deps.log?.({ event: "visit", bureau: this.bureau.id, ...full });
  }

  /** The latest visit of `url`, to say more about what the page turned out to be. */
  private lastVisit(url: string): VisitRecord | undefined {
    return this.visited.findLast((v) => v.url === url);
  }

  /**
   * The page at `url` sent the reader on to `target` by itself (meta refresh, a stub's script): said on
   * its visit. Its validators are dropped, so the next cycle fetches it whole and follows it again
   * rather than taking a 304 on the stub for "nothing changed" where the target did.
   */
  async clientRedirect(url: string, target: string, previous: UrlState | undefined): Promise<void> {
    const visit = this.lastVisit(url);
    if (visit) visit.detail = `redirects in the page to ${target}`;
    this.deps.log?.({ event: "client-redirect", bureau: this.bureau.id, url, target });
    if (previous && (previous.etag || previous.lastModified || previous.listing || previous.attachments))
      await this.saveUrlState({ url, checkedAt: this.at() });
  }

  /**
   * The page at `url` answered 200 with an error page: it counts as gone, as a 404 would (a listing's
   * column moved; a report's link is dead).
   */
  softNotFound(url: string, kind: "listing" | "report" | "attachment"): void {
    const visit = this.lastVisit(url);
    if (visit) Object.assign(visit, { outcome: "error", detail: SOFT_404 });
    if (kind === "listing") this.error(`${kind} ${url}: ${SOFT_404}`);
    else this.deadLinks.push({ url, status: 200, softNotFound: true });
  }

  async saveUrlState(next: UrlState): Promise<void> {
    if (this.deps.urlStateWrites === "deferred") this.pendingUrlStates.push(next);
    else await this.deps.state.putUrlState(next);
  }

  error(message: string): void {
    this.errors.push(message);
  }

  /**
   * As `fetch`, for a report or attachment's own URL: a 404 or 410 is also kept as a dead link, a definite
   * answer that the document is not there (unlike a timeout, a 5xx or a robots.txt refusal).
   */
  async fetchDocument(
    url: string,
    kind: "report" | "attachment",
    extra: Omit<FetchRequest, "url" | "allowedHosts">,
  ): Promise<FetchResponse | undefined> {
    const outcome = await this.attempt(url, kind, extra);
    if (!(outcome instanceof FetchError)) return outcome;
    if (DEAD_LINK_STATUSES.has(outcome.status)) this.deadLinks.push({ url, status: outcome.status });
    else this.error(`${kind} ${url}: ${outcome.message}`);
    return undefined;
  }

  /**
   * robots → per-host slot → fetch. Returns undefined (and records why) when skipped or failed.
   * Never throws.
   */
  async fetch(
    url: string,
    kind: VisitRecord["kind"],
    extra: Omit<FetchRequest, "url" | "allowedHosts"> = {},
  ): Promise<FetchResponse | undefined> {
    const outcome = await this.attempt(url, kind, extra);
    if (!(outcome instanceof FetchError)) return outcome;
    this.error(`${kind} ${url}: ${outcome.message}`);
    return undefined;
  }

  /**
   * As `fetch`, but a request the server refused or failed comes back as its error, in the visit log and
   * not yet among the crawl's errors: for a caller that has another way to ask (and records the error
   * itself if that fails too). Skips (robots, parked host, foreign host) are recorded as in `fetch`.
   */
  async attempt(
    url: string,
    kind: VisitRecord["kind"],
    extra: Omit<FetchRequest, "url" | "allowedHosts"> = {},
  ): Promise<FetchResponse | FetchError | undefined> {
    let host: string;
    let parsed: URL;
    try {
      parsed = new URL(url);
      host = parsed.hostname.toLowerCase();
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("scheme");
    } catch {
      this.record({ url, kind, status: 0, outcome: "skipped-host", detail: "not an http(s) URL" });
      return undefined;
    }
    if (!this.isAllowedHost(host)) {
      this.record({
        url,
        kind,
        status: 0,
        outcome: "skipped-host",
        detail: `host ${host} is not this bureau's`,
      });
      return undefined;
    }
    const { pacer, robots, signal } = this.deps;
    if (signal?.aborted) {
      this.record({ url, kind, status: 0, outcome: "error", detail: STOPPED });
      return undefined;
    }
    if (pacer.parkedNow(host) ?? (await pacer.isParked(host))) {
      const detail = `host ${host} is parked after repeated failures`;
      this.record({ url, kind, status: 0, outcome: "error", detail });
      this.error(`${kind} ${url}: ${detail}`);
      return undefined;
    }
    const check =
      robots.checkKnown(parsed) ??
      (await robots.check(
        url,
        this.scope,
        (v) => {
          this.visited.push(v);
          if (v.outcome === "error") this.error(`robots.txt ${v.url}: ${v.detail ?? `HTTP ${v.status}`}`);
        },
        signal,
      ));
    if (!check.allowed) {
      this.record({ url, kind, status: 0, outcome: "skipped-robots", detail: check.reason ?? "robots.txt" });
      // A column or report the site forbids us is a crawl that could not be done, and says why: a report
      // not read is no evidence that it is missing.
      this.error(`${kind} ${url}: ${check.reason ?? "robots.txt"}`);
      return undefined;
    }
    try {
      const response = await pacer.run(
        host,
        () =>
          this.deps.fetcher.fetch({
            ...extra,
            url,
            ...this.scope,
            parsedUrl: parsed,
            ...(signal ? { signal } : {}),
          }),
        signal,
      );
      this.record({
        url,
        kind,
        status: response.status,
        outcome: response.notModified ? "not-modified" : "ok",
        ...(response.finalUrl !== url ? { detail: `redirected to ${response.finalUrl}` } : {}),
      });
      return response;
    } catch (error) {
      const failure =
        error instanceof FetchError
          ? error
          : new FetchError("network", url, (error as Error).message, { retryable: false, cause: error });
      this.record({
        url,
        kind,
        status: failure.status,
        outcome: visitOutcomeOf(error),
        detail: failure.message,
      });
      return failure;
    }
  }
}
