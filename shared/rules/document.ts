// Whole-document rules: label-unknown, format-year-mismatch, year-mismatch (sources disagree), encoding-damage.
import { TABLE_LABELS } from "../domain/keys.ts";
import type { EncodingDamage, ParsedReport, YearSource } from "../domain/report.ts";
import type { FindingDraft } from "./finding-builder.ts";

export function checkUnknownLabels(report: ParsedReport): FindingDraft[] {
  const seen = new Set<string>();
  const findings: FindingDraft[] = [];
  for (const { table, label } of report.unknownLabels) {
    const key = `label.${table}.${label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      rule: "label-unknown",
      key,
      message: `${TABLE_LABELS[table]}中的项目“${label}”与年度报告格式的标准项目对不上，该项数据未能核对。`,
      evidence: { table, actual: label },
    });
  }
  return findings;
}

/** The table format actually printed: the tables' own signature first, then the reader's verdict. */
export function tableFormat(report: ParsedReport): "2021" | "2019" | undefined {
  const format = report.tables.requests?.format ?? report.tables.proactive?.format ?? report.format;
  return format === "2021" || format === "2019" ? format : undefined;
}

export function checkFormatYear(report: ParsedReport): FindingDraft[] {
  const year = report.year;
  const format = tableFormat(report);
  if (year === undefined || format === undefined || year <= 2018) return [];
  const expected = year >= 2021 ? "2021" : "2019";
  if (format === expected) return [];
  const name = (f: string) =>
    f === "2021" ? "2021年版格式（国办公开办函〔2021〕30号）" : "2019年版格式（国办公开办函〔2019〕60号）";
  return [
    {
      rule: "format-year-mismatch",
      key: "format-year",
      message: `${year}年度报告应使用${name(expected)}的统计表，但报告使用的是${name(format)}。`,
      evidence: { expected, actual: format },
    },
  ];
}

const YEAR_SOURCE_NAMES: Record<YearSource, string> = { title: "标题", period: "统计期限", text: "正文" };

export function checkYearEvidence(report: ParsedReport): FindingDraft[] {
  const byYear = new Map<number, YearSource[]>();
  for (const { source, year } of report.yearEvidence) {
    const sources = byYear.get(year) ?? [];
    if (!sources.includes(source)) sources.push(source);
    byYear.set(year, sources);
  }
  if (byYear.size < 2) return [];
  const parts = [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, sources]) => `${sources.map((s) => YEAR_SOURCE_NAMES[s]).join("、")}为${year}年`);
  return [
    {
      rule: "year-mismatch",
      key: "year-sources",
      message: `报告年度前后不一致：${parts.join("，")}。`,
      evidence: {
        expected: report.year,
        actual: [...byYear.keys()].sort().join(","),
        sources: report.yearEvidence.map(({ source, year, text }) => ({ source, year, text })),
      },
    },
  ];
}

const DAMAGE_NAMES: Record<EncodingDamage["kind"], string> = {
  "gbk-misalignment": "GBK 错位乱码",
  "double-mojibake": "二次转码乱码",
  "pinyin-annotation": "夹杂拼音注音",
  "dropped-digits": "日期或数字缺字",
  "replacement-chars": "无法解码的字符",
};

export function checkDamage(report: ParsedReport): FindingDraft[] {
  if (report.damage.length === 0) return [];
  const kinds = [...new Set(report.damage.map((damage) => damage.kind))];
  return [
    {
      rule: "encoding-damage",
      key: "encoding-damage",
      message: `页面文字有编码受损（${kinds.map((k) => DAMAGE_NAMES[k]).join("、")}），部分内容可能无法准确识别，例如“${report.damage[0]?.sample ?? ""}”。`,
      evidence: {
        actual: kinds.join(","),
        samples: report.damage.slice(0, 5).map((damage) => damage.sample),
      },
    },
  ];
}
