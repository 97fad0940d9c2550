// Is this an annual report, or one of the look-alikes that share its 栏目 and keywords (SPEC §6)?
// Cue scoring: the title decides when it names another document type; otherwise body cues add up.
import type { ReportKind } from "../domain/report.ts";
import { NOT_FOUND_TEXT } from "../text/not-found-words.ts";
import { detectFormat, type FormatDecision, type FormatHints } from "./format.ts";

export { detectFormat, type FormatDecision, type FormatHints };

export const LOOK_ALIKE_TYPES = [
  "interpretation",
  "status",
  "news",
  "format-notice",
  "notice",
  "rules",
  "work-plan",
  "summary",
  "half-year",
  "other-annual-report",
  "sector-report",
  "unrelated",
  "withdrawn",
] as const;
export type LookAlikeType = (typeof LOOK_ALIKE_TYPES)[number];

export interface ClassifyInput {
  title?: string;
  /** Normalised body text (simplified characters). */
  text: string;
  /** How many of the six sections were found, and whether in report order. */
  sectionsFound: number;
  sectionsInOrder: boolean;
  hasTableSignature: boolean;
  introParts?: string[];
  /** The statistics period covers one whole calendar year. */
  fullYearPeriod: boolean;
}

export interface Classification {
  kind: ReportKind;
  lookAlike?: { type: LookAlikeType; cues: string[] };
  score: number;
  positive: string[];
  negative: string[];
}

// Title keywords naming another document type, strongest first (a 解读 of a 年度报告 is a 解读).
const TITLE_TYPES: [LookAlikeType, RegExp][] = [
  ["interpretation", /解读|图解|一图读懂/],
  ["status", /公布情况|发布情况|报送情况|评估报告|评议结果|考核结果|检查情况/],
  ["news", /部署会|推进会|培训会|会议|召开/],
  ["format-notice", /印发.*格式|格式.*通知/],
  ["notice", /通知|通报|函$|意见$/],
  ["rules", /制度|办法|规定|规则|细则/],
  ["work-plan", /要点|实施方案|方案|计划|工作安排|任务分工/],
  ["summary", /总结/],
  ["half-year", /上半年|半年|[一二三四1-4]季度/],
  ["other-annual-report", /法治政府建设|政府工作报告|预算|决算|统计公报|统计年报|国民经济和社会发展/],
  ["sector-report", /大学|学院|学校|医院|公司|集团/],
];

/** The look-alike a title names ("…解读", "…推进会", "…工作要点"), if any. */
export function lookAlikeOfTitle(title: string): LookAlikeType | undefined {
  const compact = title.replace(/\s+/g, "").slice(0, 200);
  return TITLE_TYPES.find(([, re]) => re.test(compact))?.[0];
}

const ANNUAL_TITLE =
  /(19|20)\d{2}\s*年度?.*(政府|政务)?信息公开.*(年度报告|年报|工作报告)|(政府|政务)?信息公开.*(19|20)\d{2}\s*年度?.*(年度报告|年报|工作报告)/;

/** A withdrawn article's or a "not found" page's text is no longer than this. */
const WITHDRAWN_PAGE_CHARS = 3000;

function count(re: RegExp, text: string): number {
  return (text.match(re) ?? []).length;
}

export function classifyDocument(input: ClassifyInput): Classification {
  const title = (input.title ?? "").replace(/\s+/g, "").slice(0, 200);
  const text = (typeof input.text === "string" ? input.text : "").slice(0, 300_000);
  const head = text.slice(0, 800);
  const positive: string[] = [];
  const negative: string[] = [];
  let score = 0;
  const add = (points: number, cue: string) => {
    score += points;
    (points > 0 ? positive : negative).push(cue);
  };

  if (ANNUAL_TITLE.test(title)) add(4, `标题：${title}`);
  if (/条例/.test(head) && (/(编制|制作)/.test(head) || /公布.{0,30}报告/.test(head)) && /报告/.test(head)) {
    add(2, "引言：根据《条例》编制本报告");
  }
  if (input.fullYearPeriod) add(2, "统计期限为全年");
  if (input.introParts && input.introParts.length > 0) add(1, "本报告由…组成");
  if (input.sectionsFound >= 4 && input.sectionsInOrder) add(4, `${input.sectionsFound}个标准部分`);
  else if (input.sectionsFound >= 2) add(1, `${input.sectionsFound}个标准部分`);
  if (input.hasTableSignature) add(4, "统计表特征");

  let bodyType: LookAlikeType | null = null;
  const tasks = count(/(牵头|责任)(股室|单位|处室|科室|部门)[:：]/g, text);
  if (tasks >= 2) {
    add(-5, `任务分工（牵头/责任单位）×${tasks}`);
    bodyType = "work-plan";
  }
  // A CMS's page for a withdrawn article ("该信息已删除"), or a "page not found" page answered with 200:
  // short, and saying so near its top (a report may say 不存在 of a request, far down).
  if (text.length < WITHDRAWN_PAGE_CHARS && NOT_FOUND_TEXT.test(text.slice(0, 1000))) {
    add(-5, "页面提示内容已删除或不存在");
    bodyType ??= "withdrawn";
  }
  if (/^\s*\d{4}年[,，][^。]{0,60}?(工作要|要认真|将)/.test(text)) {
    add(-2, "开头为任务性表述（要/将）");
    bodyType ??= "work-plan";
  }
  const lastLine = text.trim().split("\n").pop() ?? "";
  if (/^附件[:：]/.test(lastLine.trim())) add(-1, "结尾“附件：”");
  if (/印发给你们|请认真贯彻执行|请结合实际认真贯彻/.test(text)) {
    add(-4, "印发给你们，请认真贯彻执行");
    bodyType ??= "notice";
  }
  if (/^\s*各(县|市|区|乡|镇|街道|有关单位|单位|部门)[^。\n]{0,40}[:：]/.test(text)) {
    add(-3, "主送单位");
    bodyType ??= "notice";
  }
  if (count(/编制(背景|依据|目的)/g, text) >= 2) {
    add(-4, "编制背景/依据/目的");
    bodyType ??= "interpretation";
  }
  if (/第一条/.test(text) && /第二条/.test(text) && /本(制度|办法|规定)自/.test(text)) {
    add(-4, "条文结构（第一条…本制度自…施行）");
    bodyType ??= "rules";
  }

  const titleType = lookAlikeOfTitle(title);
  if (titleType) {
    negative.push(`标题类型：${title}`);
    return {
      kind: "not-annual-report",
      lookAlike: { type: titleType, cues: negative },
      score: score - 5,
      positive,
      negative,
    };
  }
  if (bodyType && score < 6) {
    return {
      kind: "not-annual-report",
      lookAlike: { type: bodyType, cues: negative },
      score,
      positive,
      negative,
    };
  }
  if (score >= 3) return { kind: "annual-report", score, positive, negative };
  const cues = negative.length > 0 ? negative : ["没有年度报告特征"];
  return {
    kind: "not-annual-report",
    lookAlike: { type: bodyType ?? "unrelated", cues },
    score,
    positive,
    negative,
  };
}
