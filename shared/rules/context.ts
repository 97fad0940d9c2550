// What a check needs besides the parsed report: the registry's view of the bureau and the run's dates.
import type { AgencyType } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";

export interface MonthDay {
  month: number;
  day: number;
}

export interface CheckContext {
  /** The registry's agency type; wins over the one the reader guessed from the report. */
  agencyType?: AgencyType;
  /** A per-bureau local deadline (DESIGN §4 deadlineOverride). */
  deadlineOverride?: MonthDay;
  /** Last year's stored report of the same bureau, for the cross-year relations (SPEC §2.7). */
  previous?: ParsedReport;
  /** Publication date that overrides the report's own evidence (e.g. `check --published`). YYYY-MM-DD. */
  publishedAt?: string;
  url?: string;
  /** sha256 of the raw snapshot the report was read from. */
  snapshot?: string;
  /** YYYY-MM-DD in China time; defaults to now. */
  today?: string;
  /** Townships' warning/late dates when a jurisdiction sets its own (default: deadline.ts DEFAULT_TOWNSHIP_POLICY). */
  townshipDeadline?: { warnAfter: MonthDay; lateAfter: MonthDay };
  /** 行政区划代码 (6 digits) of the bureau, to tell county-level governments from those that can make 规章. */
  regionCode?: string;
}
