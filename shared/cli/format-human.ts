// The human output of `check`: Chinese, grouped by severity, colour only on a terminal.
import type { Finding, Severity } from "../domain/finding.ts";
import { SECTION_KEYS, SECTION_LABELS } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import type { DocumentOverrides } from "./format-json.ts";

const SEVERITIES: { severity: Severity; heading: string; mark: string; colour: number }[] = [
  { severity: "error", heading: "错误", mark: "✗", colour: 31 },
  { severity: "warning", heading: "警告", mark: "!", colour: 33 },
  { severity: "info", heading: "提示", mark: "i", colour: 36 },
];

const AGENCY_NAMES: Record<string, string> = {
  department: "政府部门",
  government: "人民政府",
  township: "乡镇/街道",
};
const FORMAT_NAMES: Record<ParsedReport["format"], string> = {
  "2021": "2021年版格式",
  "2019": "2019年版格式",
  "2008": "2008年条例时期",
  unknown: "未识别",
};

export function formatHuman(
  report: ParsedReport,
  findings: Finding[],
  options: { colour: boolean; source: string } & DocumentOverrides,
): string {
  const paint = (code: number, text: string) => (options.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => (options.colour ? `\u001b[1m${text}\u001b[0m` : text);
  const agencyType = options.agencyType ?? report.agencyType;
  const lines = [
    bold(`检查：${options.source}`),
    `  标题：${report.title ?? "（未识别）"}`,
    `  类型：${report.kind === "annual-report" ? "政府信息公开工作年度报告" : "非年度报告"}`,
    `  年度：${report.year ?? "未识别"}    格式：${FORMAT_NAMES[report.format]}`,
    `  机关：${report.agency ?? "未识别"}${agencyType ? `（${AGENCY_NAMES[agencyType] ?? agencyType}）` : ""}`,
    `  发布日期：${options.publishedAt ?? report.publishedAt ?? "未知"}${report.decode ? `    编码：${report.decode.encoding}` : ""}`,
  ];
  if (report.kind === "annual-report") {
    const marks = SECTION_KEYS.map(
      (key) => `${SECTION_LABELS[key].slice(0, 1)}${report.sections[key] ? "✓" : "✗"}`,
    );
    lines.push(`  章节：${marks.join(" ")}`);
  }
  lines.push("");
  for (const { severity, heading, mark, colour } of SEVERITIES) {
    const group = findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(colour, `${heading}（${group.length}）`));
    for (const finding of group)
      lines.push(`  ${paint(colour, mark)} ${finding.message} ${paint(90, `[${finding.rule}]`)}`);
    lines.push("");
  }
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  lines.push(
    findings.length === 0
      ? "未发现问题。"
      : `共 ${findings.length} 项：错误 ${count("error")}，警告 ${count("warning")}，提示 ${count("info")}。`,
  );
  return `${lines.join("\n")}\n`;
}
