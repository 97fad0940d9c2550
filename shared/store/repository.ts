// The store's one entry point. The DynamoDB client is injected: the same code talks to AWS and dynalite.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { bureauStateStore } from "./bureau-state.ts";
import { coverageStore } from "./coverage-store.ts";
import { DynamoCrawlState } from "./crawl-state-store.ts";
import { digestStore } from "./digest-store.ts";
import { directoryStore } from "./directory-store.ts";
import type { StoreContext } from "./dynamo-helpers.ts";
import { findingMove } from "./finding-move.ts";
import { findingQueries } from "./finding-queries.ts";
import { findingSync } from "./finding-sync.ts";
import { missingStreakStore } from "./missing-streak-store.ts";
import { outboxStore } from "./outbox-store.ts";
import { reportStore } from "./report-store.ts";
import { DEFAULT_TABLE_NAME } from "./table-schema.ts";

export type { BureauState, KnownFinding, KnownFindings } from "./bureau-state.ts";
export { openFindings } from "./bureau-state.ts";
export type { Coverage } from "./coverage-store.ts";
export { nextCoverage } from "./coverage-store.ts";
export { DynamoCrawlState } from "./crawl-state-store.ts";
export type { DigestKey } from "./digest-store.ts";
export { StoreError } from "./dynamo-helpers.ts";
export type { Alert, AlertKey, AlertStatus, StoredFinding } from "./finding-items.ts";
export type { FindingFilter } from "./finding-queries.ts";
export type { SyncFindingsInput, SyncFindingsResult } from "./finding-sync.ts";
export type { MissingStreak } from "./missing-streak-store.ts";
export { CLAIM_LEASE_MS } from "./outbox-store.ts";
export type { ReportSummary, ReportVersion, ReportVersionInput } from "./report-store.ts";
export { summarizeReport } from "./report-store.ts";

export interface RepositoryOptions {
  doc: DynamoDBDocumentClient;
  tableName?: string;
}

export function createRepository(options: RepositoryOptions) {
  const ctx: StoreContext = { doc: options.doc, tableName: options.tableName ?? DEFAULT_TABLE_NAME };
  return {
    tableName: ctx.tableName,
    ...directoryStore(ctx),
    ...reportStore(ctx),
    ...bureauStateStore(ctx),
    syncFindings: findingSync(ctx),
    ...findingMove(ctx),
    ...findingQueries(ctx),
    ...outboxStore(ctx),
    ...digestStore(ctx),
    ...missingStreakStore(ctx),
    ...coverageStore(ctx),
    /** A fresh crawl-state store (it caches what it read, so make one per cycle). */
    crawlState: () => new DynamoCrawlState(ctx),
  };
}

export type Repository = ReturnType<typeof createRepository>;
