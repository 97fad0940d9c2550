// report-missing (SPEC §2.7 X3): built here, fired by the crawler/cycle, which knows what it found.
import type { DeadLink } from "../domain/crawl.ts";
import type { Evidence, Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import { deadlineFor } from "./deadline.ts";
import { buildFinding } from "./finding-builder.ts";

export interface ReportMissingEvidence {
  /** The listing pages searched. */
  listings?: string[];
  /** When the search ran, YYYY-MM-DD (China). */
  checkedAt?: string;
  /** Report links the listings showed that answered 404 or 410. */
  deadLinks?: DeadLink[];
  [extra: string]: unknown;
}

function whereNot(deadLinks: DeadLink[] | undefined): string {
  const first = deadLinks?.[0];
  if (!first) return "但在其网站年报栏目中未找到该报告。";
  const more = deadLinks.length > 1 ? `等${deadLinks.length}个链接` : "";
  const fails = first.softNotFound ? "打开的是“页面不存在”的提示页" : `无法打开（HTTP ${first.status}）`;
  return `其网站年报栏目中的报告链接${first.url}${more}${fails}，公众无法查阅该报告。`;
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
      message: `${bureau.name}${year}年政府信息公开工作年度报告的发布期限${due.deadline}已过，${whereNot(evidence.deadLinks)}`,
      evidence: full,
    },
    year,
    {},
  );
}
