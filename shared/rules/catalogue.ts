// The one rule catalogue (SPEC §7b). Docs (docs/rules.md) and the API's rule list are generated from it.
import type { Severity } from "../domain/finding.ts";

export interface RuleSpec {
  severity: Severity;
  /** Chinese title for e-mails and digests. */
  title: string;
  /** When it fires (English, for the docs). */
  when: string;
  /** Operational findings are kept apart from compliance findings. */
  operational?: boolean;
}

export const RULES = {
  "not-annual-report": {
    severity: "info",
    title: "非年度报告",
    when: "the document is a work plan, notice, summary, interpretation, rule … (SPEC §6)",
  },
  "section-missing": {
    severity: "error",
    title: "缺少必备部分",
    when: "a required section is absent; 2008 regime: an Art. 32 topic not covered",
  },
  "section-order": { severity: "warning", title: "章节顺序错误", when: "sections present but out of order" },
  "section-empty": { severity: "warning", title: "章节内容为空", when: "heading present, body empty (无 is fine for other)" },
  "table-not-extractable": {
    severity: "warning",
    title: "表格无法读取",
    when: "proactive/requests/review present but no numbers (image, attachment)",
  },
  "table-arithmetic": {
    severity: "error",
    title: "表格数据勾稽关系不符",
    when: "a relation of SPEC §2.5 / §3.5 fails",
  },
  "label-unknown": {
    severity: "warning",
    title: "表格项目无法识别",
    when: "a table row or column could not be mapped to a canonical key",
  },
  "format-year-mismatch": {
    severity: "warning",
    title: "表格格式与年度不符",
    when: "2019-format tables in a 2021+ report, or the reverse",
  },
  "year-mismatch": {
    severity: "warning",
    title: "报告年度不一致",
    when: "title, statistics period and text disagree on the report year",
  },
  "late-publication": { severity: "error", title: "逾期发布", when: "published after the deadline" },
  "publication-date-unknown": {
    severity: "info",
    title: "发布日期无法确定",
    when: "no trustworthy publication date",
  },
  "report-missing": {
    severity: "error",
    title: "未发布年度报告",
    when: "the deadline has passed and no report for that year was found on the bureau's site",
  },
  "carryover-mismatch": {
    severity: "warning",
    title: "结转数据与上年不衔接",
    when: "X1: last year's carriedForward ≠ this year's carriedOver",
  },
  "in-force-mismatch": {
    severity: "warning",
    title: "现行有效件数与上年不衔接",
    when: "X2 (soft): in force(N) ≠ in force(N−1) + issued(N) − repealed(N)",
  },
  "text-table-mismatch": {
    severity: "warning",
    title: "正文数字与表格不符",
    when: "a number stated in the text disagrees with the table (SPEC §2.8)",
  },
  "intro-structure-mismatch": {
    severity: "warning",
    title: "引言所列结构与正文不符",
    when: "the intro's 由…组成 list differs from the sections found",
  },
  "accountability-missing": {
    severity: "warning",
    title: "缺少考核、评议和责任追究情况",
    when: "a people's-government report without 工作考核 / 社会评议 / 责任追究",
  },
  "regulation-implausible": {
    severity: "warning",
    title: "规章数据不合理",
    when: "规章 counts for a body that cannot make 规章 (SPEC §2.6)",
  },
  "encoding-damage": {
    severity: "info",
    title: "文字编码受损",
    when: "mojibake, injected pinyin or dropped digits detected (SPEC §5.5)",
  },
  "report-modified": {
    severity: "warning",
    title: "已发布报告被修改",
    when: "the published report changed after it was first seen",
  },
  "site-unreachable": {
    severity: "warning",
    title: "网站无法访问",
    when: "the bureau's site or listing could not be crawled",
    operational: true,
  },
} as const satisfies Record<string, RuleSpec>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
