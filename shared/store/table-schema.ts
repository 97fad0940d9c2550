// THE definition of the single table (DESIGN §6): names, key attributes, indexes and key builders.
// Imported by the CDK stack (infra/stack/) and by the local bootstrap (infra/local/dynalite.ts), so AWS
// and the embedded stack can never drift apart.
import { createHash } from "node:crypto";

export const DEFAULT_TABLE_NAME = "gdm-monitor";

export const PK = "PK";
export const SK = "SK";

/** Every key attribute is a string; this is all CreateTable and the CDK need to know. */
export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** What the index is for, so the CDK stack and the docs can say it. */
  purpose: string;
}

/**
 * Findings by supervising office; also, in the separate `OUTBOX#PENDING` partition, the pending alerts
 * (a sparse entry: sent alerts drop their GSI1 attributes and leave the index).
 */
export const GSI_BY_OFFICE: IndexSpec = {
  name: "GSI1",
  partitionKey: "GSI1PK",
  sortKey: "GSI1SK",
  purpose:
    "findings by office (OFFICE#<id> / <status>#<severity>#<year>#<bureau>#<rule>#<key>); pending alerts",
};
export const GSI_BY_RULE: IndexSpec = {
  name: "GSI2",
  partitionKey: "GSI2PK",
  sortKey: "GSI2SK",
  purpose: "findings by rule (RULE#<rule> / <status>#<year>#<bureau>#<key>)",
};
export const GSI_BY_YEAR: IndexSpec = {
  name: "GSI3",
  partitionKey: "GSI3PK",
  sortKey: "GSI3SK",
  purpose: "findings by report year (YEAR#<year> / <status>#<severity>#<bureau>#<rule>#<key>)",
};
export const GLOBAL_INDEXES: readonly IndexSpec[] = [GSI_BY_OFFICE, GSI_BY_RULE, GSI_BY_YEAR];

/** On-demand: a cycle is a burst once a day, idle otherwise. */
export const BILLING_MODE = "PAY_PER_REQUEST" as const;

/** The CreateTable input for the local bootstrap (the CDK stack builds the same shape from the same specs). */
export function createTableInput(tableName: string = DEFAULT_TABLE_NAME) {
  const attributeNames = [PK, SK, ...GLOBAL_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: BILLING_MODE,
    AttributeDefinitions: attributeNames.map((AttributeName) => ({
      AttributeName,
      AttributeType: "S" as const,
    })),
    KeySchema: [
      { AttributeName: PK, KeyType: "HASH" as const },
      { AttributeName: SK, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: GLOBAL_INDEXES.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: "HASH" as const },
        { AttributeName: i.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}

// ---- key builders -------------------------------------------------------------------------------

export const META = "META";
const MAX_KEY_PART = 200;

/** Keeps sort keys under DynamoDB's 1 KB limit: long detail keys (URLs, evidence) become a stable hash. */
export function keyPart(value: string): string {
  if (value.length <= MAX_KEY_PART) return value;
  return `h${createHash("sha256").update(value).digest("hex").slice(0, 40)}`;
}

/** Years sort as text, so pad; 0 stands for "no year" (operational findings). */
export function yearPart(year: number | undefined): string {
  return String(year ?? 0).padStart(4, "0");
}

export const bureauPk = (bureauId: string) => `BUREAU#${bureauId}`;
export const officePk = (officeId: string) => `OFFICE#${officeId}`;

export const reportSkPrefix = (year?: number) =>
  year === undefined ? "REPORT#" : `REPORT#${yearPart(year)}#`;
export const reportSk = (year: number, sha256: string) => `${reportSkPrefix(year)}${sha256}`;

export const findingSkPrefix = (year?: number) =>
  year === undefined ? "FINDING#" : `FINDING#${yearPart(year)}#`;
/** A finding without a year (operational) is filed under 0000, like its index keys. */
export const findingSk = (year: number | undefined, rule: string, key: string) =>
  `FINDING#${yearPart(year)}#${rule}#${keyPart(key)}`;

export type FindingStatus = "open" | "resolved";

export function findingIndexKeys(f: {
  officeId: string;
  bureauId: string;
  year: number | undefined;
  rule: string;
  key: string;
  status: FindingStatus;
  severity: string;
}): Record<string, string> {
  const y = yearPart(f.year);
  const k = keyPart(f.key);
  return {
    [GSI_BY_OFFICE.partitionKey]: officePk(f.officeId),
    [GSI_BY_OFFICE.sortKey]: `${f.status}#${f.severity}#${y}#${f.bureauId}#${f.rule}#${k}`,
    [GSI_BY_RULE.partitionKey]: `RULE#${f.rule}`,
    [GSI_BY_RULE.sortKey]: `${f.status}#${y}#${f.bureauId}#${k}`,
    [GSI_BY_YEAR.partitionKey]: `YEAR#${y}`,
    [GSI_BY_YEAR.sortKey]: `${f.status}#${f.severity}#${f.bureauId}#${f.rule}#${k}`,
  };
}

// Alert outbox. The key is DETERMINISTIC (no timestamp): derived from the finding and how many times it
// has been opened, so a retried cycle finds the alert it already wrote instead of writing a second one.
export const outboxPk = (officeId: string) => `OUTBOX#${officeId}`;
export const outboxSk = (bureauId: string, findingSortKey: string, occurrence: number) =>
  `ALERT#${bureauId}#${occurrence}#${findingSortKey}`;
/** The weekly digest of an office for the week starting on Monday `weekStart` (YYYY-MM-DD): sent once. */
export const digestSk = (weekStart: string) => `DIGEST#${weekStart}`;
export const PENDING_OUTBOX_PARTITION = "OUTBOX#PENDING";
export const pendingOutboxSk = (createdAt: string, officeId: string, sk: string) =>
  `${createdAt}#${officeId}#${sk}`;

// Crawl state (the crawler's memory between cycles).
export const hostPk = (host: string) => `HOST#${host.toLowerCase()}`;
export const urlStateSk = (url: string) => `URL#${keyPart(url)}`;
export const ROBOTS_SK = "ROBOTS";
/** In a bureau's partition: what its last cycle could judge (coverage-store.ts). */
export const COVERAGE_SK = "COVERAGE";
export const HEALTH_SK = "HEALTH";
