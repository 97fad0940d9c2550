// report-missing (SPEC §2.7 X3): built here, fired by the crawler/cycle, which knows what it found.
import type { Evidence, Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import { deadlineFor } from "./deadline.ts";
import { buildFinding } from "./finding-builder.ts";

export interface ReportMissingEvidence {
  /** The listing pages searched. */
  listings?: string[];
  /** When the search ran, YYYY-MM-DD (China). */
  checkedAt?: string;
  [extra: string]: unknown;
}

export function reportMissingFinding(
  bureau: Pick<Bureau, "id" | "name" | "agencyType" | "deadlineOverride" | "listings">,
  year: number,
  evidence: ReportMissingEvidence = {},
): Finding {
  const due = deadlineFor(year, bureau.agencyType, bureau.deadlineOverride);
  const full: Evidence = {
    bureau: bureau.id,
    deadline: due.deadline,
    regime: due.regime,
    listings: bureau.listings,
    ...evidence,
  };
  return buildFinding(
    {
      rule: "report-missing",
      key: `report-missing.${year}`,
      message: `${bureau.name}${year}年政府信息公开工作年度报告的发布期限${due.deadline}已过，但在其网站年报栏目中未找到该报告。`,
      evidence: full,
    },
    year,
    {},
  );
}
