// The crawler's memory in the table (CrawlStateStore of shared/domain/crawl.ts). A host's whole partition
// (URL states, robots, health) is read with ONE query the first time the host is touched, and every put
// compares with what is known and writes only a real change, so an unchanged cycle leaves the table
// untouched and costs one request per host.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CrawlStateStore, UrlState } from "../domain/crawl.ts";
import { batchPut } from "./batch-requests.ts";
import { plain, queryAll, type StoreContext, sameData } from "./dynamo-helpers.ts";
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

/** `checkedAt` alone does not justify a write: it is the time the validators last changed. */
function urlSignificant(v: unknown): unknown {
  const { checkedAt: _ignored, ...rest } = v as UrlState;
  return rest;
}

const CRAWL_STATE_KIND = "crawl-state";

type StateItem = { PK: string; SK: string; kind: string; value: unknown };

export class DynamoCrawlState implements CrawlStateStore {
  /** Per host partition: sort key → stored value, as read (once) and as written since. */
  private readonly partitions = new Map<string, Promise<Map<string, unknown>>>();
  /**
   * robots.txt verdicts not written yet, by host partition: each goes with this store's next write (a
   * bureau's validators, commitUrlStates), one request fewer per host. It is a cache of at most a day:
   * if no write follows (the process ends first), the next crawl of the host fetches robots.txt again.
   */
  private readonly pendingRobots = new Map<string, StateItem>();

  constructor(private readonly ctx: StoreContext) {}

  /** The partition's items, read with one query on first use; concurrent callers share the read. */
  private partition(pk: string): Promise<Map<string, unknown>> {
    let loading = this.partitions.get(pk);
    if (!loading) {
      loading = queryAll(this.ctx, {
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": pk },
      }).then((items) => new Map(items.map((item) => [String(item.SK), item.value])));
      // A failed read is not cached: the next access tries again.
      loading.catch(() => this.partitions.delete(pk));
      this.partitions.set(pk, loading);
    }
    return loading;
  }

  /** A copy: callers may change what they get without changing what the store believes is stored. */
  private async read<T>(pk: string, sk: string): Promise<T | undefined> {
    const value = (await this.partition(pk)).get(sk);
    return value === undefined ? undefined : plain(value as T);
  }

  /** The item to write, or undefined when the stored value is already the same where it matters. */
  private async changed(
    pk: string,
    sk: string,
    value: unknown,
    significant: (v: unknown) => unknown,
  ): Promise<StateItem | undefined> {
    const stored = (await this.partition(pk)).get(sk);
    if (stored !== undefined && sameData(significant(stored), significant(value))) return undefined;
    return { PK: pk, SK: sk, kind: CRAWL_STATE_KIND, value: plain(value) };
  }

  private async remember(items: StateItem[]): Promise<void> {
    for (const item of items) (await this.partition(item.PK)).set(item.SK, item.value);
  }

  private async write(pk: string, sk: string, value: unknown, significant: (v: unknown) => unknown) {
    const item = await this.changed(pk, sk, value, significant);
    if (item) await this.putItems([item]);
  }

  /** Writes these items and the pending robots verdicts: one PutItem, or batches for several. */
  private async putItems(items: StateItem[]): Promise<void> {
    const all = [...this.pendingRobots.values(), ...items];
    this.pendingRobots.clear();
    if (all.length === 1) {
      await this.ctx.doc.send(new PutCommand({ TableName: this.ctx.tableName, Item: all[0] }));
    } else if (all.length > 1) {
      await batchPut(this.ctx, all);
    }
    await this.remember(items);
  }

  getUrlState(url: string): Promise<UrlState | undefined> {
    return this.read<UrlState>(hostPk(hostOf(url)), urlStateSk(url));
  }

  putUrlState(state: UrlState): Promise<void> {
    return this.write(hostPk(hostOf(state.url)), urlStateSk(state.url), state, urlSignificant);
  }

  /** A bureau's validators at once: only the changed ones, in batches of 25 (the last state of a URL wins). */
  async putUrlStates(states: readonly UrlState[]): Promise<void> {
    const latest = new Map<string, UrlState>();
    for (const state of states) latest.set(state.url, state);
    const items: StateItem[] = [];
    for (const state of latest.values()) {
      const item = await this.changed(
        hostPk(hostOf(state.url)),
        urlStateSk(state.url),
        state,
        urlSignificant,
      );
      if (item) items.push(item);
    }
    await this.putItems(items);
  }

  getRobots(host: string): Promise<Robots | undefined> {
    return this.read<Robots>(hostPk(host), ROBOTS_SK);
  }

  /** A refetch (new fetchedAt) is stored: the crawler's cache age depends on it. Written with the next write. */
  async putRobots(host: string, robots: Robots): Promise<void> {
    const item = await this.changed(hostPk(host), ROBOTS_SK, robots, (v) => v);
    if (!item) return;
    await this.remember([item]);
    this.pendingRobots.set(item.PK, item);
  }

  getHostHealth(host: string): Promise<HostHealth | undefined> {
    return this.read<HostHealth>(hostPk(host), HEALTH_SK);
  }

  putHostHealth(host: string, health: HostHealth): Promise<void> {
    return this.write(hostPk(host), HEALTH_SK, health, (v) => v);
  }
}
