// Text ↔ table (SPEC §2.8): numbers the narrative states against the tables' totals.
import type { ParsedReport } from "../domain/report.ts";
import { sumKnown, sumValue } from "./cell-values.ts";
import type { FindingDraft } from "./finding-builder.ts";
import { requestValue } from "./table-arithmetic.ts";

const MAX_TEXT = 200_000;

interface Statement {
  key: string;
  what: string;
  pattern: RegExp;
  /** Text between the verb and the number that means the sentence is about something else. */
  exclude?: RegExp;
  tableLabel: string;
  accepted: (report: ParsedReport) => number[] | undefined;
}

const STATEMENTS: Statement[] = [
  {
    key: "received",
    what: "收到申请",
    pattern: /(?:收到|受理|接收|新收)([^。；;，,\d]{0,20}?申请[^。；;\d]{0,8}?)(\d+)\s*(?:件|个|宗|份)/g,
    exclude: /复议|诉讼|咨询|信访/,
    tableLabel: "表三“一、本年新收政府信息公开申请数量”总计",
    accepted: (report) => {
      const table = report.tables.requests;
      if (!table) return undefined;
      const received = requestValue(table, "newReceived", "total");
      const withCarry = sumKnown([received, requestValue(table, "carriedOver", "total")]);
      return received === undefined ? undefined : [received, ...(withCarry === undefined ? [] : [withCarry])];
    },
  },
  {
    key: "answered",
    what: "办结/答复申请",
    pattern: /(?:共|累计|全部|均已)(?:办结|办理答复|答复)([^。；;\d]{0,6}?)(\d+)\s*件/g,
    exclude: /复议|诉讼|咨询/,
    tableLabel: "表三“（七）总计”行总计",
    accepted: (report) => {
      const table = report.tables.requests;
      const value = table ? requestValue(table, "total", "total") : undefined;
      return value === undefined ? undefined : [value];
    },
  },
  {
    key: "carriedForward",
    what: "结转下年度",
    pattern: /结转(?:至|到)?下(?:一)?年(?:度)?([^。；;\d]{0,10}?)(\d+)\s*件/g,
    tableLabel: "表三“四、结转下年度继续办理”总计",
    accepted: (report) => {
      const table = report.tables.requests;
      const value = table ? requestValue(table, "carriedForward", "total") : undefined;
      return value === undefined ? undefined : [value];
    },
  },
  {
    key: "normativeDocuments",
    what: "制发行政规范性文件",
    pattern: /(?:制发|印发|出台|制定)([^。；;\d]{0,10}?规范性文件[^。；;\d]{0,4}?)(\d+)\s*件/g,
    exclude: /废止|清理|现行有效/,
    tableLabel: "表二“行政规范性文件”本年制发件数",
    accepted: (report) => {
      const table = report.tables.proactive;
      const cells = table?.cells.normativeDocuments;
      const value = sumValue(table?.format === "2019" ? cells?.newlyMade : cells?.issued);
      return value === undefined ? undefined : [value];
    },
  },
];

/** "No applications / no review cases" sentences against non-zero tables (SPEC §2.6). */
const DENIALS: {
  key: string;
  pattern: RegExp;
  what: string;
  tableLabel: string;
  total: (r: ParsedReport) => number | undefined;
}[] = [
  {
    key: "noApplications",
    pattern: /(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府)?信息公开申请/,
    what: "未收到政府信息公开申请",
    tableLabel: "表三“一、本年新收政府信息公开申请数量”总计",
    total: (report) =>
      report.tables.requests ? requestValue(report.tables.requests, "newReceived", "total") : undefined,
  },
  {
    key: "noReview",
    pattern: /(?:未|没有)(?:发生|收到)(?:因政府信息公开[^。；;，,]{0,12}?)?(?:被申请)?(?:行政复议|行政诉讼)/,
    what: "未发生行政复议、行政诉讼",
    tableLabel: "表四行政复议、行政诉讼总计之和",
    total: (report) => {
      const review = report.tables.review;
      if (!review) return undefined;
      return sumKnown(
        [review.review?.total, review.litigationDirect?.total, review.litigationAfterReview?.total].map(
          sumValue,
        ),
      );
    },
  },
];

/** R22 > 0 means fee notices went out; 六 saying none were issued is suspicious (a notice may date from last year). */
function checkFeeNotices(report: ParsedReport): FindingDraft[] {
  const table = report.tables.requests;
  const dropped = table?.format === "2021" ? requestValue(table, "otherUnpaidFee", "total") : undefined;
  const text = report.sections.other?.text ?? "";
  const match = /(?:未|没有)(?:发出|发放|开具|出具|向申请人发出)[^。；;\d]{0,10}?收费通知/.exec(text);
  if (dropped === undefined || dropped <= 0 || !match) return [];
  return [
    {
      rule: "text-table-mismatch",
      key: "text.feeNotices",
      message: `表三“申请人逾期未按收费通知要求缴纳费用”为${dropped}件，说明发出过收费通知，但“六、其他需要报告的事项”称“${match[0]}”，请核实（收费通知也可能是上年发出的）。`,
      evidence: {
        relation: "text-feeNotices",
        expected: "收费通知>0",
        actual: match[0],
        row: "otherUnpaidFee",
      },
    },
  ];
}

export function checkTextAgainstTables(report: ParsedReport): FindingDraft[] {
  const text = report.text.slice(0, MAX_TEXT);
  const findings: FindingDraft[] = checkFeeNotices(report);
  for (const denial of DENIALS) {
    const total = denial.total(report);
    const match = total !== undefined && total > 0 ? denial.pattern.exec(text) : null;
    if (!match) continue;
    findings.push({
      rule: "text-table-mismatch",
      key: `text.${denial.key}`,
      message: `正文称${denial.what}（“${match[0]}”），但${denial.tableLabel}为${total}，不一致。`,
      evidence: { relation: `text-${denial.key}`, expected: 0, actual: total, quote: match[0] },
    });
  }
  for (const statement of STATEMENTS) {
    const accepted = statement.accepted(report);
    if (accepted === undefined) continue;
    for (const match of text.matchAll(statement.pattern)) {
      const between = match[1] ?? "";
      if (statement.exclude?.test(between)) continue;
      const stated = Number(match[2]);
      if (accepted.includes(stated)) break;
      findings.push({
        rule: "text-table-mismatch",
        key: `text.${statement.key}`,
        message: `正文称${statement.what}${stated}件（“${match[0]}”），但${statement.tableLabel}为${accepted[0]}，不一致。`,
        evidence: {
          relation: `text-${statement.key}`,
          expected: accepted[0],
          actual: stated,
          quote: match[0],
        },
      });
      break;
    }
  }
  return findings;
}
