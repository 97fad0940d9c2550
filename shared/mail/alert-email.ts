// The alert e-mail a supervising office receives for one new error finding, in Chinese.
import type { Evidence, Finding, Severity } from "../domain/finding.ts";
import {
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_ROW_LABELS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  SECTION_LABELS,
  TABLE_LABELS,
} from "../domain/keys.ts";
import type { Bureau, Office } from "../domain/registry.ts";
import { RULES } from "../rules/catalogue.ts";
import { escapeHtml, FOOTER, htmlPage, linkOrText } from "./html.ts";
import type { MailAddress } from "./mime.ts";
import { composeOfficeEmail, type RenderedEmail } from "./office-email.ts";

export interface AlertEmailInput {
  office: Office;
  bureau: Pick<Bureau, "id" | "name">;
  finding: Pick<Finding, "rule" | "severity" | "message" | "evidence" | "key"> & { year?: number };
  reportUrl?: string;
  from?: MailAddress;
  /** When the alert was raised; also the Date header (so a re-render is byte-identical). */
  date?: Date;
  /** Distinguishes a re-opened finding's alert from the first one. */
  occurrence?: number;
}

export const DEFAULT_FROM: MailAddress = { name: "政府信息公开年报监测", address: "monitor@gdm.invalid" };
export const SEVERITY_LABELS: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };
const RELATION_LABELS: Record<string, string> = {
  "row-total": "行合计",
  "result-total": "处理结果合计",
  balance: "收支平衡",
  "group-total": "分组合计",
  "non-negative": "非负",
};
const ROW_LABELS: Record<string, string> = {
  ...PROACTIVE_ROW_LABELS,
  ...REVIEW_GROUP_LABELS,
  ...REQUEST_ROW_LABELS,
};
const COLUMN_LABELS: Record<string, string> = {
  ...PROACTIVE_COLUMN_LABELS,
  ...REVIEW_COLUMN_LABELS,
  ...REQUEST_COLUMN_LABELS,
};

function label(table: Record<string, string>, key: string): string {
  const known = table[key];
  return known ? `${known}（${key}）` : key;
}

/** report-missing's dead links, "URL（HTTP 404）" each; anything else there is shown as given. */
function deadLinkText(value: unknown): string | undefined {
  if (!Array.isArray(value)) return value === undefined ? undefined : JSON.stringify(value);
  return value
    .map(
      (d: { url?: unknown; status?: unknown; softNotFound?: unknown }) =>
        `${String(d?.url)}（${d?.softNotFound ? "页面不存在" : `HTTP ${String(d?.status)}`}）`,
    )
    .join("；");
}

/** The evidence as Chinese "label：value" lines, known keys first, anything else as is. */
export function evidenceLines(e: Evidence): [string, string][] {
  const lines: [string, string][] = [];
  const push = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== "")
      lines.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
  };
  push("章节", e.section ? label(SECTION_LABELS, e.section) : undefined);
  push("表格", e.table ? label(TABLE_LABELS, e.table) : undefined);
  push("关系", e.relation ? label(RELATION_LABELS, e.relation) : undefined);
  push("行", e.row ? label(ROW_LABELS, e.row) : undefined);
  push("列", e.column ? label(COLUMN_LABELS, e.column) : undefined);
  push("应为", e.expected);
  push("实为", e.actual);
  push("截止日期", e.deadline);
  push("发布日期", e.publishedAt);
  push("适用条例", e.regime ? `${e.regime}年条例` : undefined);
  push("失效链接", deadLinkText(e.deadLinks));
  const shown = new Set([
    "section",
    "table",
    "relation",
    "row",
    "column",
    "expected",
    "actual",
    "deadline",
    "publishedAt",
    "regime",
    "deadLinks",
    "url",
    "snapshot",
  ]);
  for (const [k, v] of Object.entries(e)) if (!shown.has(k)) push(k, v);
  push("快照", e.snapshot);
  return lines;
}

export function renderAlertEmail(input: AlertEmailInput): RenderedEmail {
  const { office, bureau, finding } = input;
  const rule = RULES[finding.rule];
  const yearText = finding.year ? `${finding.year}年度` : "";
  const subject = `【年报监测】${bureau.name}${yearText}政府信息公开工作年度报告：${rule.title}`;
  const url =
    input.reportUrl ?? (typeof finding.evidence.url === "string" ? finding.evidence.url : undefined);
  const facts: [string, string][] = [
    ["被监测单位", bureau.name],
    ["报告年度", finding.year ? String(finding.year) : "—"],
    ["问题类型", `${rule.title}（${finding.rule}）`],
    ["严重程度", SEVERITY_LABELS[finding.severity]],
    ["问题说明", finding.message],
    ...evidenceLines(finding.evidence),
    ...(url ? ([["报告地址", url]] as [string, string][]) : []),
  ];
  const intro = `${office.name}：`;
  const lead = `监测系统在${bureau.name}${yearText ? `的${yearText}` : "的"}政府信息公开工作年度报告中发现以下问题，请核实并督促整改。`;
  const footer = FOOTER;
  const text = [intro, "", lead, "", ...facts.map(([k, v]) => `${k}：${v}`), "", footer, ""].join("\n");
  const rows = facts
    .map(([k, v]) => {
      const value = k === "报告地址" ? linkOrText(v) : escapeHtml(v);
      return `<tr><th style="text-align:left;vertical-align:top;white-space:nowrap;padding:4px 12px 4px 0">${escapeHtml(k)}</th><td style="overflow-wrap:anywhere;word-break:break-word;padding:4px 0">${value}</td></tr>`;
    })
    .join("\n");
  const html = htmlPage(
    subject,
    [
      `<p>${escapeHtml(intro)}</p><p>${escapeHtml(lead)}</p>`,
      // Report addresses run long without a space: wrapped, so a phone never scrolls sideways.
      `<table style="border-collapse:collapse;max-width:100%">${rows}</table>`,
      `<p style="color:#666">${escapeHtml(footer)}</p>`,
    ].join("\n"),
  );

  const identity = [
    office.id,
    bureau.id,
    finding.year ?? 0,
    finding.rule,
    finding.key,
    input.occurrence ?? 1,
  ].join("\n");
  return composeOfficeEmail({
    kind: "alert",
    identity,
    office,
    from: input.from ?? DEFAULT_FROM,
    subject,
    text,
    html,
    date: input.date ?? new Date(),
    headers: { "X-GDM-Rule": finding.rule, "X-GDM-Bureau": bureau.id },
  });
}
