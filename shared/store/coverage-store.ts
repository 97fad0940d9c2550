// What the last cycle could judge of a bureau (SK COVERAGE in its partition): how its crawl went and
// which report years were judged for report-missing, pending a second look, or left alone, with the
// crawl's errors that say why. A supervising office sees from it why a bureau has no report-missing
// finding although a report is absent. Written only when it changed, so a quiet cycle costs nothing.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch-requests.ts";
import type { StoreContext } from "./dynamo-helpers.ts";
import { bureauPk, COVERAGE_SK } from "./table-schema.ts";

/** The first errors are kept, each cut short: the item must stay small, the crawl log has the rest. */
const MAX_ERRORS = 5;
const MAX_ERROR_CHARS = 300;

export interface Coverage {
  crawl: "ok" | "partial" | "unreachable";
  /** Whether report-missing was judged at all this cycle. */
  judged: boolean;
  /** Years found missing once, to be confirmed by the next cycle. */
  pendingYears: number[];
  /** Years left alone: their documents could not be fetched or read. */
  unjudgedYears: number[];
  errors: string[];
  /** The cycle since which the bureau's coverage has been as it is. */
  since: string;
}

export function toCoverage(item: Record<string, unknown>): Coverage {
  const years = (value: unknown) => (Array.isArray(value) ? value.map(Number) : []);
  const crawl = String(item.crawl);
  return {
    crawl: crawl === "partial" || crawl === "unreachable" ? crawl : "ok",
    judged: item.judged === true,
    pendingYears: years(item.pendingYears),
    unjudgedYears: years(item.unjudgedYears),
    errors: Array.isArray(item.errors) ? item.errors.map(String) : [],
    since: typeof item.since === "string" ? item.since : "",
  };
}

/** The coverage of this cycle; `since` is kept from the last one when nothing else changed. */
export function nextCoverage(
  previous: Coverage | undefined,
  now: Omit<Coverage, "since" | "errors"> & { errors: readonly string[] },
  cycleAt: string,
): { coverage: Coverage; changed: boolean } {
  const errors = now.errors
    .slice(0, MAX_ERRORS)
    .map((e) => (e.length > MAX_ERROR_CHARS ? `${e.slice(0, MAX_ERROR_CHARS - 1)}…` : e));
  const coverage: Coverage = { ...now, errors, since: cycleAt };
  const same =
    previous !== undefined &&
    JSON.stringify({ ...previous, since: "" }) === JSON.stringify({ ...coverage, since: "" });
  return same ? { coverage: previous, changed: false } : { coverage, changed: true };
}

export function coverageStore(ctx: StoreContext) {
  const Key = (bureauId: string) => ({ PK: bureauPk(bureauId), SK: COVERAGE_SK });
  return {
    async putCoverage(bureauId: string, coverage: Coverage): Promise<void> {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...Key(bureauId), kind: "coverage", ...coverage },
        }),
      );
    },
    async getCoverage(bureauId: string): Promise<Coverage | undefined> {
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: Key(bureauId) }));
      return out.Item ? toCoverage(out.Item) : undefined;
    },
    /** The coverage of each of these bureaus that has one, by bureau id (100 keys per request). */
    async getCoverages(bureauIds: readonly string[]): Promise<Map<string, Coverage>> {
      const items = await batchGet(ctx, bureauIds.map(Key));
      const prefix = bureauPk("");
      return new Map(items.map((item) => [String(item.PK).slice(prefix.length), toCoverage(item)]));
    },
  };
}
