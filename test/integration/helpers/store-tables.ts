// One dynalite per test file and a fresh table per test: the tests stay independent and share a server.
// The repository's writes go through a counting client, so a test can assert "no write at all".
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ensureTable, type LocalDynamo, startDynalite } from "../../../infra/local/dynalite.ts";
import { createRepository, type Repository } from "../../../shared/store/repository.ts";
import { type CountingDoc, countingDoc } from "./counting-doc.ts";

export interface StoreTables {
  dynamo: LocalDynamo;
  counting: CountingDoc;
  repo: Repository;
  tableName: string;
}

export function useStoreTables(prefix: string): StoreTables {
  const store = {} as StoreTables;
  let seq = 0;
  beforeAll(async () => {
    store.dynamo = await startDynalite();
  });
  afterAll(async () => {
    await store.dynamo?.stop();
  });
  beforeEach(async () => {
    store.tableName = `${prefix}-${++seq}`;
    await ensureTable(store.dynamo.client, store.tableName);
    store.counting = countingDoc(store.dynamo.doc);
    store.repo = createRepository({ doc: store.counting.doc, tableName: store.tableName });
  });
  return store;
}
