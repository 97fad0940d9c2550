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
  /** Where SPEC.md explains the rule, for the generated docs. */
  spec?: string;
}

export const RULES = {
  "not-annual-report": {
    severity: "info",
    spec: "SPEC §6",
    title: "非年度报告",
    when: "the document is a work plan, notice, summary, interpretation, rule … (SPEC §6)",
  },
  "section-missing": {
    severity: "error",
    spec: "SPEC §7, §4.2",
    title: "缺少必备部分",
    when: "a required section is absent; 2008 regime: an Art. 32 topic not covered",
  },
  "section-order": {
    severity: "warning",
    spec: "SPEC §7",
    title: "章节顺序错误",
    when: "sections present but out of order",
  },
  "section-empty": {
    severity: "warning",
    spec: "SPEC §7",
    title: "章节内容为空",
    when: "heading present, body empty (无 is fine for other)",
  },
  "table-not-extractable": {
    severity: "warning",
    spec: "SPEC §5.5.4, §7",
    title: "表格无法读取",
    when: "proactive/requests/review present but no numbers (image, attachment)",
  },
  "table-arithmetic": {
    severity: "error",
    spec: "SPEC §2.5, §3.5",
    title: "表格数据勾稽关系不符",
    when: "a relation of SPEC §2.5 / §3.5 fails",
  },
  "label-unknown": {
    severity: "warning",
    spec: "SPEC §2.2, §2.3",
    title: "表格项目无法识别",
    when: "a table row or column could not be mapped to a canonical key",
  },
  "format-year-mismatch": {
    severity: "warning",
    spec: "SPEC §1.3, §3.7",
    title: "表格格式与年度不符",
    when: "2019-format tables in a 2021+ report, or the reverse",
  },
  "year-mismatch": {
    severity: "warning",
    spec: "SPEC §1.4.1, §1.5.5",
    title: "报告年度不一致",
    when: "title, statistics period and text disagree on the report year",
  },
  "late-publication": {
    severity: "error",
    spec: "SPEC §1.3, §1.4",
    title: "逾期发布",
    when: "published after the deadline",
  },
  "publication-date-unknown": {
    severity: "info",
    spec: "SPEC §1.5",
    title: "发布日期无法确定",
    when: "no trustworthy publication date",
  },
  "report-missing": {
    severity: "error",
    spec: "SPEC §2.7 X3",
    title: "未发布年度报告",
    when: "the deadline has passed and no report for that year was found on the bureau's site",
  },
  "carryover-mismatch": {
    severity: "warning",
    spec: "SPEC §2.7 X1",
    title: "结转数据与上年不衔接",
    when: "X1: last year's carriedForward ≠ this year's carriedOver",
  },
  "in-force-mismatch": {
    severity: "warning",
    spec: "SPEC §2.7 X2",
    title: "现行有效件数与上年不衔接",
    when: "X2 (soft): in force(N) ≠ in force(N−1) + issued(N) − repealed(N)",
  },
  "text-table-mismatch": {
    severity: "warning",
    spec: "SPEC §2.6, §2.8, §4.2",
    title: "正文数字与表格不符",
    when: "a number stated in the text disagrees with the table (SPEC §2.8)",
  },
  "intro-structure-mismatch": {
    severity: "warning",
    spec: "SPEC §2.8",
    title: "引言所列结构与正文不符",
    when: "the intro's 由…组成 list differs from the sections found",
  },
  "accountability-missing": {
    severity: "warning",
    spec: "SPEC §1.2 Art. 50(四), §2.1",
    title: "缺少考核、评议和责任追究情况",
    when: "a people's-government report without 工作考核 / 社会评议 / 责任追究",
  },
  "regulation-implausible": {
    severity: "warning",
    spec: "SPEC §2.6",
    title: "规章数据不合理",
    when: "规章 counts for a body that cannot make 规章 (SPEC §2.6)",
  },
  "encoding-damage": {
    severity: "info",
    spec: "SPEC §5.5",
    title: "文字编码受损",
    when: "mojibake, injected pinyin or dropped digits detected (SPEC §5.5)",
  },
  "report-modified": {
    severity: "warning",
    spec: "SPEC §7b",
    title: "已发布报告被修改",
    when: "the published report changed after it was first seen",
  },
  "site-unreachable": {
    severity: "warning",
    spec: "SPEC §7b",
    title: "网站无法访问",
    when: "the bureau's site or listing could not be crawled",
    operational: true,
  },
} as const satisfies Record<string, RuleSpec>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
