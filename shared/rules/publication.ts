// Publication-date rules (SPEC §1.4–1.5): late-publication, publication-date-unknown, published before year end.
import type { AgencyType } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import type { CheckContext } from "./context.ts";
import { deadlineFor, toChinaDate } from "./deadline.ts";
import type { FindingDraft } from "./finding-builder.ts";

const AGENCY_TYPE_NAMES: Record<AgencyType, string> = {
  department: "县级以上人民政府部门",
  government: "县级以上地方人民政府",
  township: "乡镇人民政府、街道办事处",
};

/** The agency type the deadline is judged by: the registry's, else the report's, else a department (strictest). */
export function effectiveAgencyType(
  report: ParsedReport,
  ctx: CheckContext,
): { type: AgencyType; assumed: boolean } {
  const type = ctx.agencyType ?? report.agencyType;
  return type ? { type, assumed: false } : { type: "department", assumed: true };
}

/** A date only counts as publication evidence when it came from page metadata, the URL, or the caller. */
function publicationDate(report: ParsedReport, ctx: CheckContext): string | undefined {
  if (ctx.publishedAt) return toChinaDate(ctx.publishedAt);
  if (!report.publishedAt || report.publishedAtSource === "signature") return undefined;
  return toChinaDate(report.publishedAt);
}

export function checkPublication(report: ParsedReport, ctx: CheckContext): FindingDraft[] {
  const year = report.year;
  if (year === undefined) return [];
  const { type, assumed } = effectiveAgencyType(report, ctx);
  const due = deadlineFor(year, type, ctx.deadlineOverride, ctx.townshipDeadline);
  const publishedAt = publicationDate(report, ctx);
  const who = due.regime === "2008" ? "各级行政机关" : AGENCY_TYPE_NAMES[type];
  const basis = due.regime === "2008" ? "《条例》（2008年）第三十一条" : "《条例》（2019年修订）第四十九条";
  const evidence = {
    deadline: due.deadline,
    regime: due.regime,
    agencyType: type,
    ...(assumed ? { agencyTypeAssumed: true } : {}),
  };
  if (publishedAt === undefined) {
    return [
      {
        rule: "publication-date-unknown",
        key: "publication-date",
        message: `未能确定${year}年度报告的发布日期（页面无可信的发布日期），无法判断是否在${due.deadline}前发布。`,
        evidence,
      },
    ];
  }
  const findings: FindingDraft[] = [];
  const dated = { ...evidence, publishedAt };
  if (publishedAt <= `${year}-12-31`) {
    findings.push({
      rule: "year-mismatch",
      key: "published-before-year-end",
      message: `报告标注为${year}年度，但发布日期${publishedAt}早于该年度结束，可能不是该年度的年度报告或年度有误。`,
      evidence: { ...dated, relation: "published-before-year-end" },
    });
    return findings;
  }
  // the type was guessed: a date a government or township would still meet is not proof of lateness
  const lenient = assumed ? deadlineFor(year, "government", ctx.deadlineOverride, ctx.townshipDeadline) : due;
  if (publishedAt > due.deadline && publishedAt <= lenient.deadline) {
    findings.push({
      rule: "late-publication",
      severity: "warning",
      key: "deadline",
      message: `${year}年度报告于${publishedAt}发布，晚于部门报告的法定期限${due.deadline}；未能确定发布机关的类型，若为县级以上人民政府或乡镇、街道则未超过期限${lenient.deadline}。`,
      evidence: { ...dated, lenientDeadline: lenient.deadline },
    });
  } else if (publishedAt > due.deadline) {
    findings.push({
      rule: "late-publication",
      key: "deadline",
      message: `${year}年度报告于${publishedAt}发布，晚于${basis}规定${who}的发布期限${due.deadline}。`,
      evidence: dated,
    });
  } else if (due.warnAfter !== undefined && publishedAt > due.warnAfter) {
    findings.push({
      rule: "late-publication",
      severity: "warning",
      key: "deadline",
      message: `${year}年度报告于${publishedAt}发布，晚于部门报告的法定期限${due.warnAfter}；乡镇、街道无全国统一期限，请对照本地规定（最迟${due.deadline}）。`,
      evidence: { ...dated, warnAfter: due.warnAfter },
    });
  }
  return findings;
}
