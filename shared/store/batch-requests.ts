// Batched reads and unconditional writes: one request per 25 puts / 100 gets instead of one per item.
// Only for writes where no race matters (plain overwrites); conditional writes stay single requests.
import { BatchGetCommand, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type StoreContext, StoreError } from "./dynamo-helpers.ts";

const MAX_BATCH_WRITE = 25;
const MAX_BATCH_GET = 100;
/** Rounds of retrying what the service left unprocessed (throttling) before giving up. */
const MAX_ROUNDS = 8;
const BACKOFF_BASE_MS = 25;
const BACKOFF_MAX_MS = 2_000;

type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (round: number) => {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** round);
  return exponential / 2 + (exponential / 2) * Math.random();
};

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A batch may not name one key twice: the last item of a key wins, as separate puts would. */
function lastPerKey(items: readonly Item[]): Item[] {
  const byKey = new Map<string, Item>();
  for (const item of items) byKey.set(`${String(item.PK)}\n${String(item.SK)}`, item);
  return [...byKey.values()];
}

/** Puts every item (overwriting), retrying unprocessed ones with backoff. */
export async function batchPut(ctx: StoreContext, items: readonly Item[]): Promise<void> {
  for (const chunk of chunks(lastPerKey(items), MAX_BATCH_WRITE)) {
    let requests: { PutRequest?: { Item?: Item } }[] = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === MAX_ROUNDS)
        throw new StoreError(`batch write left ${requests.length} item(s) unprocessed`, { retryable: true });
      if (round > 0) await sleep(backoff(round - 1));
      const out = await ctx.doc.send(
        new BatchWriteCommand({
          RequestItems: { [ctx.tableName]: requests as { PutRequest: { Item: Item } }[] },
        }),
      );
      requests = (out.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests;
    }
  }
}

/** Reads the items of these keys (missing ones are simply absent from the result). */
export async function batchGet(ctx: StoreContext, keys: readonly Key[]): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.PK}\n${k.SK}`, k])).values()];
  const found: Item[] = [];
  for (const chunk of chunks(unique, MAX_BATCH_GET)) {
    let pending: Item[] = chunk;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS)
        throw new StoreError(`batch get left ${pending.length} key(s) unprocessed`, { retryable: true });
      if (round > 0) await sleep(backoff(round - 1));
      const out = await ctx.doc.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending } } }),
      );
      found.push(...((out.Responses?.[ctx.tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Item[];
    }
  }
  return found;
}
