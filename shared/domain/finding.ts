// A finding: what a supervising office reads, trusts and forwards to the bureau unchanged.
import type { RuleId } from "../rules/catalogue.ts";

export type Severity = "error" | "warning" | "info";

export interface Evidence {
  section?: string;
  table?: "proactive" | "requests" | "review";
  relation?: "row-total" | "result-total" | "balance" | "group-total" | "non-negative" | string;
  row?: string;
  column?: string;
  expected?: number | string;
  actual?: number | string;
  deadline?: string;
  publishedAt?: string;
  regime?: "2008" | "2019";
  url?: string;
  snapshot?: string;
  [extra: string]: unknown;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Chinese, readable as is by a supervising office. */
  message: string;
  evidence: Evidence;
  /** Stable detail key: the same problem found again yields the same key (DESIGN §6 FINDING#<year>#<rule>#<key>). */
  key: string;
  year?: number;
}
