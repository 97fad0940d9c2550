// Every rule of SPEC §7b over one parsed report. Pure: the same report and context give the same findings.
import type { Finding } from "../domain/finding.ts";
import type { ParsedReport } from "../domain/report.ts";
import type { LookAlikeType } from "../report/classify.ts";
import type { CheckContext } from "./context.ts";
import { checkCarryover, checkInForce } from "./cross-year.ts";
import { regimeFor } from "./deadline.ts";
import { checkDamage, checkFormatYear, checkUnknownLabels, checkYearEvidence } from "./document.ts";
import { buildFinding, type FindingDraft } from "./finding-builder.ts";
import { checkIntroStructure } from "./intro-structure.ts";
import { checkNarrativePercentages } from "./narrative.ts";
import { checkAccountability, checkRegulations } from "./plausibility.ts";
import { checkPublication, effectiveAgencyType } from "./publication.ts";
import { checkLegacyTopics, checkSections, imagesOnlyFindings } from "./sections.ts";
import {
  checkProactive2019Soft,
  checkProactiveArithmetic,
  checkRequestsArithmetic,
  checkReviewArithmetic,
} from "./table-arithmetic.ts";
import { checkTextAgainstTables } from "./text-table.ts";

export type { CheckContext } from "./context.ts";

// Every look-alike type has its Chinese name: a type missing here would show in a message in English.
const LOOK_ALIKE_NAMES: Record<LookAlikeType, string> = {
  "work-plan": "政务公开工作要点、实施方案或工作计划",
  summary: "工作总结",
  notice: "通知",
  "format-notice": "年度报告格式通知",
  interpretation: "年度报告解读",
  status: "年度报告公布、评估或考核情况",
  news: "新闻报道",
  rules: "年度报告制度",
  "other-annual-report": "其他类型的年度报告或统计公报",
  "half-year": "半年度统计",
  "sector-report": "公共企事业单位信息公开报告",
  unrelated: "与年度报告无关的文件",
  withdrawn: "已删除或不存在的页面",
};

export function runChecks(report: ParsedReport, ctx: CheckContext = {}): Finding[] {
  const year = report.year;
  const finish = (drafts: FindingDraft[]) => dedupe(drafts.map((draft) => buildFinding(draft, year, ctx)));
  if (report.kind === "not-annual-report") {
    const type = report.lookAlike?.type;
    const what = (type && LOOK_ALIKE_NAMES[type as LookAlikeType]) || "其他文件";
    const cues = report.lookAlike?.cues ?? [];
    return finish([
      {
        rule: "not-annual-report",
        key: "not-annual-report",
        message: `该文件不是政府信息公开工作年度报告（看起来是${what}${cues.length ? `，依据：${cues.slice(0, 3).join("；")}` : ""}），未做年度报告检查。`,
        evidence: { actual: type ?? "unknown", cues },
      },
    ]);
  }
  const { type: agencyType } = effectiveAgencyType(report, ctx);
  const legacy = report.format === "2008" || (year !== undefined && regimeFor(year) === "2008");
  const drafts: FindingDraft[] = [
    ...checkPublication(report, ctx),
    ...checkYearEvidence(report),
    ...checkDamage(report),
  ];
  if (report.imagesOnly) {
    // Only its dates can be read: every check of its text would report what the pictures hide.
    drafts.push(...imagesOnlyFindings());
  } else if (legacy) {
    drafts.push(...checkLegacyTopics(report), ...checkNarrativePercentages(report.text));
  } else {
    drafts.push(
      ...checkSections(report),
      ...checkUnknownLabels(report),
      ...checkFormatYear(report),
      ...checkIntroStructure(report),
      ...checkAccountability(report, agencyType),
      ...checkTextAgainstTables(report),
      ...checkNarrativePercentages(report.text),
    );
    const { proactive, requests, review } = report.tables;
    if (requests) drafts.push(...checkRequestsArithmetic(requests));
    if (review) drafts.push(...checkReviewArithmetic(review));
    if (proactive)
      drafts.push(
        ...checkProactiveArithmetic(proactive),
        ...checkProactive2019Soft(proactive),
        ...checkRegulations(report, agencyType, ctx.regionCode),
      );
    if (ctx.previous)
      drafts.push(...checkCarryover(report, ctx.previous), ...checkInForce(report, ctx.previous));
  }
  return finish(drafts);
}

/** One finding per (rule, key): a repeated narrative sentence must not yield two alerts. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const id = `${finding.rule}#${finding.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
