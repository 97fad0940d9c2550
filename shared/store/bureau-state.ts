// Everything a cycle needs to know about one bureau, from ONE query of its partition (BUREAU#<id>):
// its findings (open and resolved), its report versions, its missing-report streaks and its coverage.
// The cycle passes the findings map to every syncFindings of the bureau, which keeps it current, so the
// bureau's open findings at the end need no second read.
import { type Coverage, toCoverage } from "./coverage-store.ts";
import { queryAll, type StoreContext } from "./dynamo-helpers.ts";
import { type StoredFinding, toStoredFinding } from "./finding-items.ts";
import { MISSING_PREFIX, type MissingStreak, toStreaks } from "./missing-streak-store.ts";
import { byFirstSeen, type ReportVersion, toVersion } from "./report-store.ts";
import { bureauPk, COVERAGE_SK, findingSkPrefix, reportSkPrefix } from "./table-schema.ts";

/** A stored finding with the hash of its content (what decides whether it must be rewritten). */
export interface KnownFinding {
  finding: StoredFinding;
  hash: string;
}

/** By base-table sort key, in the table's order. */
export type KnownFindings = Map<string, KnownFinding>;

export interface BureauState {
  findings: KnownFindings;
  /** Oldest first (by first sighting). */
  reports: ReportVersion[];
  missingStreaks: Map<number, MissingStreak>;
  /** What the last cycle could judge; undefined before the first. */
  coverage?: Coverage;
}

export function toKnownFinding(item: Record<string, unknown>): KnownFinding {
  return { finding: toStoredFinding(item), hash: String(item.contentHash) };
}

/** DynamoDB orders sort keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16 units. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The open findings of a known map, in the order a query of the partition would return them. */
export function openFindings(findings: KnownFindings): StoredFinding[] {
  return [...findings.entries()]
    .filter(([, known]) => known.finding.status === "open")
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([, known]) => known.finding);
}

export function bureauStateStore(ctx: StoreContext) {
  return {
    async loadBureauState(bureauId: string): Promise<BureauState> {
      const items = await queryAll(ctx, {
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": bureauPk(bureauId) },
      });
      const findingPrefix = findingSkPrefix();
      const reportPrefix = reportSkPrefix();
      const findings: KnownFindings = new Map();
      const reports: ReportVersion[] = [];
      const streaks: Record<string, unknown>[] = [];
      let coverage: Coverage | undefined;
      for (const item of items) {
        const sk = String(item.SK);
        if (sk.startsWith(findingPrefix)) findings.set(sk, toKnownFinding(item));
        else if (sk.startsWith(reportPrefix)) reports.push(toVersion(item));
        else if (sk.startsWith(MISSING_PREFIX)) streaks.push(item);
        else if (sk === COVERAGE_SK) coverage = toCoverage(item);
      }
      return {
        findings,
        reports: byFirstSeen(reports),
        missingStreaks: toStreaks(streaks),
        ...(coverage ? { coverage } : {}),
      };
    },
  };
}
