// An in-memory CrawlStateStore for tests and one-off runs (the DynamoDB one implements the same interface).
import type { CrawlStateStore, UrlState } from "../domain/crawl.ts";

type RobotsEntry = { body: string | null; status: number; fetchedAt: string };
type HostHealth = { failures: number; parkedUntil?: string; lastErrors: string[] };

export class MemoryCrawlState implements CrawlStateStore {
  /** As JSON: a copy in and out, so callers never share objects with the store (cheaper than structuredClone). */
  private readonly urlJson = new Map<string, string>();
  readonly robots = new Map<string, RobotsEntry>();
  readonly hosts = new Map<string, HostHealth>();
  /** Number of put* calls, so tests can check that an unchanged re-crawl writes nothing new. */
  writes = 0;

  async getUrlState(url: string): Promise<UrlState | undefined> {
    const json = this.urlJson.get(url);
    return json === undefined ? undefined : (JSON.parse(json) as UrlState);
  }
  async putUrlState(state: UrlState): Promise<void> {
    this.writes++;
    this.urlJson.set(state.url, JSON.stringify(state));
  }
  get urls(): ReadonlyMap<string, UrlState> {
    return new Map([...this.urlJson].map(([url, json]) => [url, JSON.parse(json) as UrlState]));
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
