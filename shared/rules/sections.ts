// Structure rules (SPEC §7, §4.2): section-missing, section-order, section-empty, table-not-extractable.
import {
  LEGACY_TOPIC_LABELS,
  type LegacyTopic,
  SECTION_KEYS,
  SECTION_LABELS,
  type SectionKey,
  TABLE_LABELS,
  type TableKey,
} from "../domain/keys.ts";
import type { Cell, ParsedReport, SectionInfo } from "../domain/report.ts";
import type { FindingDraft } from "./finding-builder.ts";

const TABLE_SECTIONS: TableKey[] = ["proactive", "requests", "review"];

function isTableSection(key: SectionKey): key is TableKey {
  return (TABLE_SECTIONS as string[]).includes(key);
}

/** Body text without punctuation and whitespace, to tell "empty" from "has words". */
function substance(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, "");
}

const NOTHING_TO_REPORT = /^(?:无|暂无|没有|本年度无|无其他需要报告的事项|无需要报告的事项)$/;

/**
 * A page that only links its report as a file (SPEC §5.5.6) has none of the sections on the page: the
 * tables cannot be read here, but nothing is shown to be missing from the report.
 */
function attachmentOnly(report: ParsedReport): FindingDraft[] | null {
  const attachments = report.attachments ?? [];
  if (attachments.length === 0) return null;
  if (SECTION_KEYS.some((key) => report.sections[key]) || TABLE_SECTIONS.some((key) => report.tables[key]))
    return null;
  return everyTableNotExtractable(
    (key) =>
      `报告正文在附件中（${attachments[0] ?? ""}），本页没有“${SECTION_LABELS[key]}”的内容，无法核对${TABLE_LABELS[key]}的数据。`,
    { attachments: attachments.slice(0, 5) },
  );
}

/** table-not-extractable for each of the three tables, when none of them can be read on this document. */
function everyTableNotExtractable(
  message: (key: TableKey) => string,
  evidence: Record<string, unknown>,
): FindingDraft[] {
  return TABLE_SECTIONS.map((key) => ({
    rule: "table-not-extractable",
    key: `table.${key}`,
    message: message(key),
    evidence: { section: key, table: key, ...evidence },
  }));
}

/**
 * A report printed as images (scanned pages, a picture per page): its tables cannot be read without OCR,
 * and none of its sections can be called missing or empty (DESIGN §7).
 */
export function imagesOnlyFindings(): FindingDraft[] {
  return everyTableNotExtractable(
    (key) =>
      `报告以图片形式发布（没有可读取的文字），无法核对${TABLE_LABELS[key]}的数据，也无法检查各部分内容。`,
    { hasImage: true, imagesOnly: true },
  );
}

export function checkSections(report: ParsedReport): FindingDraft[] {
  const onlyAttachment = attachmentOnly(report);
  if (onlyAttachment) return onlyAttachment;
  const findings: FindingDraft[] = [];
  for (const key of SECTION_KEYS) {
    const section = report.sections[key];
    const table = isTableSection(key) ? report.tables[key] : null;
    if (!section && !table) {
      findings.push({
        rule: "section-missing",
        key: `section.${key}`,
        message: `报告缺少“${SECTION_LABELS[key]}”部分（《条例》第五十条及年度报告格式要求的必备内容）。`,
        evidence: { section: key },
      });
      continue;
    }
    if (!section) continue;
    if (isTableSection(key)) {
      if (!table || !hasAnyValue(table)) findings.push(notExtractable(key, section));
      continue;
    }
    const body = substance(section.text);
    const empty = body === "" || (key !== "other" && NOTHING_TO_REPORT.test(body));
    if (empty && !section.hasTable) {
      findings.push({
        rule: "section-empty",
        key: `section-empty.${key}`,
        message: `“${SECTION_LABELS[key]}”部分只有标题，没有实际内容${body ? `（仅写“${body}”）` : ""}。`,
        evidence: { section: key, actual: section.text.trim().slice(0, 40) },
      });
    }
  }
  findings.push(...checkOrder(report));
  return findings;
}

type AnyTable = NonNullable<ParsedReport["tables"][TableKey]>;

/** A table whose every cell is blank was recognised by its labels but carries no data. */
function hasAnyValue(table: AnyTable): boolean {
  const rows: Partial<Record<string, Partial<Record<string, Cell>>>> = "cells" in table ? table.cells : table;
  return Object.values(rows).some((columns) =>
    Object.values(columns ?? {}).some((cell) => cell !== undefined && cell.kind !== "blank"),
  );
}

function notExtractable(key: TableKey, section: SectionInfo): FindingDraft {
  const why = section.hasImage ? "表格为图片" : "标题下没有可读取的统计数字（可能为图片或附件）";
  return {
    rule: "table-not-extractable",
    key: `table.${key}`,
    message: `“${SECTION_LABELS[key]}”部分有标题，但${why}，无法核对${TABLE_LABELS[key]}的数据。`,
    evidence: { section: key, table: key, hasImage: section.hasImage },
  };
}

function checkOrder(report: ParsedReport): FindingDraft[] {
  const present = SECTION_KEYS.flatMap((key) => {
    const section = report.sections[key];
    return section ? [{ key, index: section.index }] : [];
  });
  for (let i = 1; i < present.length; i++) {
    const before = present[i - 1];
    const after = present[i];
    if (!before || !after || after.index > before.index) continue;
    return [
      {
        rule: "section-order",
        key: "section-order",
        message: `章节顺序与年度报告格式不符：“${SECTION_LABELS[after.key]}”出现在“${SECTION_LABELS[before.key]}”之前。`,
        evidence: {
          section: after.key,
          expected: SECTION_KEYS.filter((key) => report.sections[key]).join(","),
          actual: [...present]
            .sort((a, b) => a.index - b.index)
            .map((entry) => entry.key)
            .join(","),
        },
      },
    ];
  }
  return [];
}

/** 2008 regime: the six Art. 32 topics by keyword coverage (SPEC §4.2), never exact headings. */
export function checkLegacyTopics(report: ParsedReport): FindingDraft[] {
  const topics = report.legacyTopics;
  if (!topics) return [];
  return Object.entries(topics)
    .filter(([, covered]) => !covered)
    .map(([topic]) => {
      const label = LEGACY_TOPIC_LABELS[topic as LegacyTopic] ?? topic;
      return {
        rule: "section-missing" as const,
        key: `legacy-topic.${topic}`,
        message: `报告未涉及《条例》（2008年）第三十二条要求报告的“${label}”。`,
        evidence: { section: topic, regime: "2008" as const },
      };
    });
}
