// An in-memory CrawlStateStore for tests and one-off runs (the DynamoDB one implements the same interface).
import type { CrawlStateStore, ListingMemory, UrlState } from "../domain/crawl.ts";

type RobotsEntry = { body: string | null; status: number; fetchedAt: string };
type HostHealth = { failures: number; parkedUntil?: string; lastErrors: string[] };

function copyListing(listing: ListingMemory): ListingMemory {
  return {
    reports: listing.reports.map((r) => ({ ...r })),
    pages: [...listing.pages],
    subListings: [...listing.subListings],
    basis: listing.basis,
  };
}

/** A deep copy, so callers never share objects with the store (far cheaper than JSON or structuredClone). */
function copyUrlState(state: UrlState): UrlState {
  const copy: UrlState = { ...state };
  if (state.attachments) copy.attachments = [...state.attachments];
  if (state.listing) copy.listing = copyListing(state.listing);
  for (const key of Object.keys(copy) as (keyof UrlState)[]) if (copy[key] === undefined) delete copy[key];
  return copy;
}

export class MemoryCrawlState implements CrawlStateStore {
  private readonly urlStates = new Map<string, UrlState>();
  readonly robots = new Map<string, RobotsEntry>();
  readonly hosts = new Map<string, HostHealth>();
  /** Number of put* calls, so tests can check that an unchanged re-crawl writes nothing new. */
  writes = 0;

  async getUrlState(url: string): Promise<UrlState | undefined> {
    const state = this.urlStates.get(url);
    return state === undefined ? undefined : copyUrlState(state);
  }
  async putUrlState(state: UrlState): Promise<void> {
    this.writes++;
    this.urlStates.set(state.url, copyUrlState(state));
  }
  get urls(): ReadonlyMap<string, UrlState> {
    return new Map([...this.urlStates].map(([url, state]) => [url, copyUrlState(state)]));
  }
  async getRobots(host: string): Promise<RobotsEntry | undefined> {
    const entry = this.robots.get(host);
    return entry && { ...entry };
  }
  async putRobots(host: string, robots: RobotsEntry): Promise<void> {
    this.writes++;
    this.robots.set(host, { ...robots });
  }
  async getHostHealth(host: string): Promise<HostHealth | undefined> {
    const health = this.hosts.get(host);
    return health && structuredClone(health);
  }
  async putHostHealth(host: string, health: HostHealth): Promise<void> {
    this.writes++;
    this.hosts.set(host, structuredClone(health));
  }
}
