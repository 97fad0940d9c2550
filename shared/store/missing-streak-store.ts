// How many consecutive cycles found no report for a bureau-year whose deadline has passed. report-missing
// is raised only from the second such cycle, so one bad crawl never accuses a bureau.
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { StoreContext } from "./dynamo-helpers.ts";
import { bureauPk, yearPart } from "./table-schema.ts";

export interface MissingStreak {
  count: number;
  /** The cycle (ISO instant) that last counted, so a retried message never counts twice. */
  lastCycle: string;
}

const missingSk = (year: number) => `MISSING#${yearPart(year)}`;

export function missingStreakStore(ctx: StoreContext) {
  const Key = (bureauId: string, year: number) => ({ PK: bureauPk(bureauId), SK: missingSk(year) });
  return {
    async getMissingStreak(bureauId: string, year: number): Promise<MissingStreak | undefined> {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: Key(bureauId, year) }));
      if (!out.Item) return undefined;
      return { count: Number(out.Item.count), lastCycle: String(out.Item.lastCycle) };
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
