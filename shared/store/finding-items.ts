// The stored shapes of findings and alerts, and their conversion from/to DynamoDB items.
import { createHash } from "node:crypto";
import type { Evidence, Finding, Severity } from "../domain/finding.ts";
import type { RuleId } from "../rules/catalogue.ts";
import { stableStringify } from "./dynamo-helpers.ts";
import { type FindingStatus, findingIndexKeys } from "./table-schema.ts";

export interface StoredFinding {
  bureauId: string;
  officeId: string;
  /** 0 for findings that belong to no report year (operational ones). */
  year: number;
  rule: RuleId;
  key: string;
  severity: Severity;
  message: string;
  evidence: Evidence;
  /** Which part of a cycle produced it ("report", "deadline", "crawl", …): resolution happens per scope. */
  scope: string;
  status: FindingStatus;
  firstSeen: string;
  /**
   * When it was last opened: created, or found again after it was resolved (absent on findings stored
   * before this field existed: their firstSeen stands in). The weekly digest's "new this week" is this.
   */
  openedAt?: string;
  /**
   * When the finding was last written (created, changed, reopened). Deliberately NOT refreshed on every
   * cycle: an unchanged re-run must write nothing, and "still open" already says it is still seen.
   */
  lastSeen: string;
  resolvedAt?: string;
  /** How many times it has been opened; part of the alert key, so a regression alerts again, once. */
  occurrence: number;
  /** Base-table sort key, the finding's identity within its bureau. */
  sk: string;
}

export type AlertStatus = "pending" | "sending" | "sent";

export interface AlertKey {
  officeId: string;
  sk: string;
}

export interface Alert extends AlertKey {
  bureauId: string;
  year: number;
  rule: RuleId;
  findingKey: string;
  findingSk: string;
  occurrence: number;
  severity: Severity;
  message: string;
  evidence: Evidence;
  createdAt: string;
  status: AlertStatus;
  claimedAt?: string;
  sentAt?: string;
  transportId?: string;
  attempts: number;
  lastError?: string;
}

/** What decides whether a stored finding must be rewritten: everything a reader of it would see. */
export function findingContentHash(f: Pick<Finding, "severity" | "message" | "evidence">): string {
  const basis = stableStringify({ severity: f.severity, message: f.message, evidence: f.evidence });
  return createHash("sha256").update(basis).digest("hex");
}

export function indexKeysFor(f: StoredFinding): Record<string, string> {
  return findingIndexKeys({ ...f, year: f.year });
}

const INTERNAL = new Set([
  "PK",
  "SK",
  "kind",
  "contentHash",
  "GSI1PK",
  "GSI1SK",
  "GSI2PK",
  "GSI2SK",
  "GSI3PK",
  "GSI3SK",
]);

function strip(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k)));
}

export function toStoredFinding(item: Record<string, unknown>): StoredFinding {
  return { ...(strip(item) as unknown as StoredFinding), sk: String(item.SK) };
}

export function toAlert(item: Record<string, unknown>): Alert {
  return { ...(strip(item) as unknown as Alert), sk: String(item.SK), attempts: Number(item.attempts ?? 0) };
}
