// Small pieces every store module needs: paging, conditional-failure detection, item cleaning.
import {
  type DynamoDBDocumentClient,
  type PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";

export interface StoreContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** A store operation failed for a reason other than a lost conditional race. */
export class StoreError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = "StoreError";
    this.retryable = options.retryable ?? true;
  }
}

/** Same check for the real service and dynalite (both name the error, the SDK maps it). */
export function isConditionalFailure(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "name" in error &&
    (error as { name: unknown }).name === "ConditionalCheckFailedException"
  );
}

/**
 * Sends a conditional write. True when it was applied; false when its condition failed, which in this
 * store always means another run (or an earlier attempt) already did the same work.
 */
export async function sendConditional(
  ctx: StoreContext,
  command: PutCommand | UpdateCommand,
): Promise<boolean> {
  try {
    await (ctx.doc.send as (c: PutCommand | UpdateCommand) => Promise<unknown>)(command);
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/** What an update says beside its table and key: the expressions, the condition, their values. */
export type UpdateSpec = Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName" | "Key">;

/** An UpdateCommand on one item of the table, applied only if its condition holds (see sendConditional). */
export function updateIf(
  ctx: StoreContext,
  key: { PK: string; SK: string },
  input: UpdateSpec,
): Promise<boolean> {
  return sendConditional(ctx, new UpdateCommand({ TableName: ctx.tableName, Key: key, ...input }));
}

const MAX_PAGES = 1000;

/** Reads every page of a query (bounded, so a runaway loop cannot hang a cycle). */
export async function queryAll(
  ctx: StoreContext,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await ctx.doc.send(
      new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: start }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!start) break;
  }
  return items;
}

/**
 * Plain-data copy without `undefined` (the document client rejects it unless configured otherwise, and the
 * client is injected, so the store cannot rely on its options).
 */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Order-independent comparison of plain data, for "write only when something changed". */
export function sameData(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

export function stableStringify(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}
