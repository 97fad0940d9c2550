// How many consecutive cycles found no report for a bureau-year whose deadline has passed. report-missing
// is raised only from the second such cycle, so one bad crawl never accuses a bureau.
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, type StoreContext } from "./dynamo-helpers.ts";
import { bureauPk, yearPart } from "./table-schema.ts";

export interface MissingStreak {
  count: number;
  /** The cycle (ISO instant) that last counted, so a retried message never counts twice. */
  lastCycle: string;
}

export const MISSING_PREFIX = "MISSING#";
const missingSk = (year: number) => `${MISSING_PREFIX}${yearPart(year)}`;

/** Streak items (SK MISSING#<year>) by report year. */
export function toStreaks(items: Record<string, unknown>[]): Map<number, MissingStreak> {
  return new Map(
    items.map((item) => [
      Number(String(item.SK).slice(MISSING_PREFIX.length)),
      { count: Number(item.count), lastCycle: String(item.lastCycle) },
    ]),
  );
}

export function missingStreakStore(ctx: StoreContext) {
  const Key = (bureauId: string, year: number) => ({ PK: bureauPk(bureauId), SK: missingSk(year) });
  return {
    /** Every streak of the bureau, by report year, in one query. */
    async getMissingStreaks(bureauId: string): Promise<Map<number, MissingStreak>> {
      const items = await queryAll(ctx, {
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": bureauPk(bureauId), ":prefix": MISSING_PREFIX },
      });
      return toStreaks(items);
    },
    async putMissingStreak(bureauId: string, year: number, streak: MissingStreak): Promise<void> {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...Key(bureauId, year), kind: "missing-streak", ...streak },
        }),
      );
    },
    async clearMissingStreak(bureauId: string, year: number): Promise<void> {
      await ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: Key(bureauId, year) }));
    },
  };
}
