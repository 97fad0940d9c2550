// The crawler's memory in the table (CrawlStateStore of shared/domain/crawl.ts). Every put compares with
// what is stored and writes only a real change, so an unchanged cycle leaves the table untouched.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CrawlStateStore, UrlState } from "../domain/crawl.ts";
import { plain, type StoreContext, sameData } from "./dynamo-helpers.ts";
import { HEALTH_SK, hostPk, ROBOTS_SK, urlStateSk } from "./table-schema.ts";

type Robots = { body: string | null; status: number; fetchedAt: string };
type HostHealth = { failures: number; parkedUntil?: string; lastErrors: string[] };

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid-url";
  }
}

export class DynamoCrawlState implements CrawlStateStore {
  /** Last value read or written per key: spares the read before a put in the usual get-then-put flow. */
  private readonly known = new Map<string, unknown>();

  constructor(private readonly ctx: StoreContext) {}

  private async read<T>(pk: string, sk: string): Promise<T | undefined> {
    const out = await this.ctx.doc.send(
      new GetCommand({ TableName: this.ctx.tableName, Key: { PK: pk, SK: sk } }),
    );
    const value = out.Item?.value as T | undefined;
    this.known.set(`${pk}\n${sk}`, value);
    return value;
  }

  /** `significant` is the part of the value whose change is worth a write. */
  private async write(pk: string, sk: string, value: unknown, significant: (v: unknown) => unknown) {
    const cacheKey = `${pk}\n${sk}`;
    const stored = this.known.has(cacheKey) ? this.known.get(cacheKey) : await this.read(pk, sk);
    if (stored !== undefined && sameData(significant(stored), significant(value))) return;
    const clean = plain(value);
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { PK: pk, SK: sk, kind: "crawl-state", value: clean },
      }),
    );
    this.known.set(cacheKey, clean);
  }

  getUrlState(url: string): Promise<UrlState | undefined> {
    return this.read<UrlState>(hostPk(hostOf(url)), urlStateSk(url));
  }

  /** `checkedAt` alone does not justify a write: it is the time the validators last changed. */
  putUrlState(state: UrlState): Promise<void> {
    return this.write(hostPk(hostOf(state.url)), urlStateSk(state.url), state, (v) => {
      const { checkedAt: _ignored, ...rest } = v as UrlState;
      return rest;
    });
  }

  getRobots(host: string): Promise<Robots | undefined> {
    return this.read<Robots>(hostPk(host), ROBOTS_SK);
  }

  /** A refetch (new fetchedAt) is written: the crawler's cache age depends on it. */
  putRobots(host: string, robots: Robots): Promise<void> {
    return this.write(hostPk(host), ROBOTS_SK, robots, (v) => v);
  }

  getHostHealth(host: string): Promise<HostHealth | undefined> {
    return this.read<HostHealth>(hostPk(host), HEALTH_SK);
  }

  putHostHealth(host: string, health: HostHealth): Promise<void> {
    return this.write(hostPk(host), HEALTH_SK, health, (v) => v);
  }
}
