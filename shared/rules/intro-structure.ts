// intro-structure-mismatch (SPEC §2.8): the intro's "本报告由…组成" list against the sections found.
import { SECTION_KEYS, SECTION_LABELS, type SectionKey } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import type { FindingDraft } from "./finding-builder.ts";

// Tested in this order: 复议 wording mentions 申请, and 依申请 wording mentions 公开.
const PART_PATTERNS: [SectionKey, RegExp][] = [
  ["review", /复议|诉讼/],
  ["requests", /依申请|(?:收到|处理)[^，、]{0,12}申请/],
  ["proactive", /主动公开/],
  ["problems", /问题|不足/],
  ["other", /其他|其它/],
  ["overview", /总体|概述|概况|基本(?:工作)?情况|推进情况/],
];

export function sectionOfIntroPart(part: string): SectionKey | undefined {
  return PART_PATTERNS.find(([, pattern]) => pattern.test(part))?.[0];
}

/**
 * The sections one listed part names: usually one, but "主动公开政府信息情况和收到处理政府信息公开申请情况"
 * joins two with 和/及 (a 建章路街道 intro lists six parts that way), so conjuncts naming two or more
 * different sections count for each.
 */
export function sectionsOfIntroPart(part: string): SectionKey[] {
  const conjuncts = part.split(/以及|和|及|与/).map(sectionOfIntroPart);
  const distinct = [...new Set(conjuncts.filter((k): k is SectionKey => k !== undefined))];
  if (distinct.length >= 2) return distinct;
  const single = sectionOfIntroPart(part);
  return single ? [single] : [];
}

export function checkIntroStructure(report: ParsedReport): FindingDraft[] {
  const parts = report.introParts;
  if (!parts || parts.length === 0) return [];
  const listed = new Set<SectionKey>();
  const unknown: string[] = [];
  for (const part of parts) {
    const keys = sectionsOfIntroPart(part);
    for (const key of keys) listed.add(key);
    if (keys.length === 0) unknown.push(part);
  }
  const notListed = SECTION_KEYS.filter((key) => report.sections[key] && !listed.has(key));
  // A listed section that is absent is already a section-missing finding: not repeated here.
  if (unknown.length === 0 && notListed.length === 0) return [];
  const problems = [
    ...(unknown.length ? [`引言列有正文中没有的部分“${unknown.join("、")}”`] : []),
    ...(notListed.length
      ? [`引言未列出正文中的“${notListed.map((k) => SECTION_LABELS[k]).join("”“")}”`]
      : []),
  ];
  return [
    {
      rule: "intro-structure-mismatch",
      key: "intro-structure",
      message: `报告引言所列结构（${parts.join("、")}）与正文章节不符：${problems.join("；")}。`,
      evidence: {
        expected: SECTION_KEYS.filter((k) => report.sections[k]).join(","),
        actual: parts.join("、"),
      },
    },
  ];
}
