// Batched writes and reads: the service may leave part of a batch unprocessed (throttling); nothing is
// lost, and a batch that never gets through fails loudly instead of pretending it was written.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { batchGet, batchPut } from "../../../shared/store/batch-requests.ts";
import { StoreError } from "../../../shared/store/dynamo-helpers.ts";

type Item = { PK: string; SK: string; n?: number };
const TABLE = "t";

/** A table in a Map that processes at most `capacity` requests of each batch call. */
function throttledTable(capacity: number) {
  const rows = new Map<string, Item>();
  const calls: number[] = [];
  const send = async (command: { input: Record<string, unknown> }) => {
    const input = command.input as {
      RequestItems: Record<string, { PutRequest: { Item: Item } }[] | { Keys: Item[] }>;
    };
    const request = input.RequestItems[TABLE]!;
    if (Array.isArray(request)) {
      calls.push(request.length);
      for (const r of request.slice(0, capacity))
        rows.set(`${r.PutRequest.Item.PK}/${r.PutRequest.Item.SK}`, r.PutRequest.Item);
      const rest = request.slice(capacity);
      return { UnprocessedItems: rest.length ? { [TABLE]: rest } : {} };
    }
    calls.push(request.Keys.length);
    const done = request.Keys.slice(0, capacity);
    const rest = request.Keys.slice(capacity);
    return {
      Responses: { [TABLE]: done.map((k) => rows.get(`${k.PK}/${k.SK}`)).filter(Boolean) },
      UnprocessedKeys: rest.length ? { [TABLE]: { Keys: rest } } : {},
    };
  };
  const ctx = { doc: { send } as unknown as DynamoDBDocumentClient, tableName: TABLE };
  return { ctx, rows, calls };
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ PK: "P", SK: `S${i}`, n: i }));

describe("batchPut", () => {
  it("writes every item in requests of at most 25, retrying what was left unprocessed", async () => {
    const table = throttledTable(10);
    await batchPut(table.ctx, items(60));
    expect(table.rows.size).toBe(60);
    expect(Math.max(...table.calls)).toBeLessThanOrEqual(25);
  });

  it("sends one key once per batch, keeping its last item", async () => {
    const table = throttledTable(25);
    await batchPut(table.ctx, [
      { PK: "P", SK: "A", n: 1 },
      { PK: "P", SK: "A", n: 2 },
    ]);
    expect(table.calls).toEqual([1]);
    expect(table.rows.get("P/A")?.n).toBe(2);
  });

  it("fails with a retryable StoreError when the service never takes the items", async () => {
    const table = throttledTable(0);
    const failure = await batchPut(table.ctx, items(3)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).retryable).toBe(true);
  }, 30_000);
});

describe("batchGet", () => {
  it("returns every stored item of the keys asked for, across unprocessed rounds", async () => {
    const table = throttledTable(40);
    await batchPut(table.ctx, items(150));
    const found = await batchGet(table.ctx, [...items(150), { PK: "P", SK: "missing" }]);
    expect(found.map((i) => i.SK).sort()).toEqual(
      items(150)
        .map((i) => i.SK)
        .sort(),
    );
  });
});
