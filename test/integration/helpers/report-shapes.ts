// Builders for report documents in the shapes real sites publish (synthetic content, real layouts):
// the official tables as Word prints them (cells with colspan/rowspan), rendered as HTML or as the text
// forms seen on real pages — cell per line ("x |", 沅江路/佳荣里), rows opened by a lone "|" (中仓),
// and one line per row ("a | b |", 滨江). Table 3 values are generated so that every relation holds.
import { REQUEST_ROW_LABELS, REQUEST_ROWS_2019, REQUEST_ROWS_2021 } from "../../../shared/domain/keys.ts";

/** One printed cell: text, colspan, rowspan. */
export type PrintedCell = [text: string, colSpan?: number, rowSpan?: number];
export type PrintedTable = PrintedCell[][];

export function proactive2021(v: {
  regulations: string[];
  normative: string[];
  licensing: string;
  punishment: string;
  coercion: string;
  fees: string;
}): PrintedTable {
  const block = (item: string, header: string, rows: [string, string][]): PrintedTable => [
    [[`第二十条第（${item}）项`, 4]],
    [["信息内容"], [header, 3]],
    ...rows.map(([label, value]): PrintedCell[] => [[label], [value, 3]]),
  ];
  return [
    [["第二十条第（一）项", 4]],
    [["信息内容"], ["本年制发件数"], ["本年废止件数"], ["现行有效件数"]],
    [["规章"], ...v.regulations.map((x): PrintedCell => [x])],
    [["行政规范性文件"], ...v.normative.map((x): PrintedCell => [x])],
    ...block("五", "本年处理决定数量", [["行政许可", v.licensing]]),
    ...block("六", "本年处理决定数量", [
      ["行政处罚", v.punishment],
      ["行政强制", v.coercion],
    ]),
    ...block("八", "本年收费金额（单位：万元）", [["行政事业性收费", v.fees]]),
  ];
}

type Row = readonly string[];

/** Table 3 as printed: the note cell, the two header rows, group cells spanning their leaves. */
export function requestsTable(rows: Row[], format: "2021" | "2019" = "2021"): PrintedTable {
  const keys = format === "2021" ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019;
  const out: PrintedTable = [
    [
      ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3],
      ["申请人情况", 7],
    ],
    [
      ["自然人", 1, 2],
      ["法人或其他组织", 5],
      ["总计", 1, 2],
    ],
    [["商业企业"], ["科研机构"], ["社会公益组织"], ["法律服务机构"], ["其他"]],
  ];
  const resultRows = keys.length - 3; // 三、本年度办理结果 spans granted … total
  let group = "";
  keys.forEach((key, i) => {
    const values = (rows[i] ?? []).map((x): PrintedCell => [x]);
    const label = REQUEST_ROW_LABELS[key];
    const [head, leaf] = label.includes(" ") ? label.split(" ") : [undefined, label];
    if (i < 2 || key === "carriedForward") out.push([[label, 3], ...values]);
    else {
      const lead: PrintedCell[] = i === 2 ? [["三、本年度办理结果", 1, resultRows]] : [];
      if (head === undefined) out.push([...lead, [leaf ?? label, 2], ...values]);
      else {
        const span = keys.filter((k) => REQUEST_ROW_LABELS[k].startsWith(`${head} `)).length;
        const groupCell: PrintedCell[] = head !== group ? [[head, 1, span]] : [];
        group = head;
        out.push([...lead, ...groupCell, [leaf ?? label], ...values]);
      }
    }
  });
  return out;
}

export function reviewTable(values: Row): PrintedTable {
  const heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
  return [
    [
      ["行政复议", 5],
      ["行政诉讼", 10],
    ],
    [...heads.map((h): PrintedCell => [h, 1, 2]), ["未经复议直接起诉", 5], ["复议后起诉", 5]],
    [...heads, ...heads].map((h): PrintedCell => [h]),
    values.map((x): PrintedCell => [x]),
  ];
}

/**
 * Table 3 rows (C1…C7, template order) whose relations all hold: `leaves` gives C1…C6 of chosen leaf
 * rows by index among the 21 (2021) or 19 (2019) result rows; totals and carry-forward are computed.
 */
export function balancedRequests(
  input: { newReceived: number[]; carriedOver: number[]; leaves: Record<number, number[]> },
  format: "2021" | "2019" = "2021",
): string[][] {
  const leafCount = format === "2021" ? 21 : 19;
  const leaves = Array.from({ length: leafCount }, (_, i) => input.leaves[i] ?? [0, 0, 0, 0, 0, 0]);
  const sum = (r: number[]) => r.reduce((a, b) => a + b, 0);
  const total = [0, 1, 2, 3, 4, 5].map((c) => sum(leaves.map((l) => l[c] ?? 0)));
  const forward = total.map((t, c) => (input.newReceived[c] ?? 0) + (input.carriedOver[c] ?? 0) - t);
  return [input.newReceived, input.carriedOver, ...leaves, total, forward].map((r) =>
    [...r, sum(r)].map(String),
  );
}

export function htmlTable(table: PrintedTable, cell: (text: string, attrs: string) => string): string {
  const rows = table.map((row) => {
    const cells = row.map(([text, colSpan = 1, rowSpan = 1]) =>
      cell(
        text,
        `${colSpan > 1 ? ` colspan="${colSpan}"` : ""}${rowSpan > 1 ? ` rowspan="${rowSpan}"` : ""}`,
      ),
    );
    return `<tr>\n${cells.join("\n")}\n</tr>`;
  });
  return `<table border="1" cellspacing="0" cellpadding="0">\n${rows.join("\n")}\n</table>`;
}

/** "x |" per cell, one "|" per extra spanned slot on the same line; a blank cell is " |". */
export function cellPerLine(table: PrintedTable): string {
  return table
    .flat()
    .map(([text, colSpan = 1]) => `${text} |${colSpan > 1 ? ` ${"|".repeat(colSpan - 1)}` : ""}`)
    .join("\n");
}

/** Every row opened by a lone "|"; "x |" per cell; spanned slots as their own "||" line. */
export function rowStartLines(table: PrintedTable): string {
  return table
    .flatMap((row) => [
      "|",
      ...row.flatMap(([text, colSpan = 1]) => [
        `${text} |`,
        ...(colSpan > 1 ? ["|".repeat(colSpan - 1)] : []),
      ]),
    ])
    .join("\n");
}

/** One line per row, "a | b |" with "||" padding for spanned slots (trailing blanks vanish). */
export function pipeRows(table: PrintedTable): string {
  return table
    .map((row) => {
      const pad = row.reduce((n, [, colSpan = 1]) => n + colSpan - 1, 0);
      return `${row.map(([text]) => text).join(" | ")} |${pad > 0 ? ` ${"|".repeat(pad)}` : ""}`;
    })
    .join("\n");
}

/** The six sections around the three tables, as text lines. */
export function textReport(parts: {
  head: string[];
  year: number;
  proactive: string;
  requests: string;
  review: string;
}): string {
  return [
    ...parts.head,
    "一、总体情况",
    `${parts.year}年，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作，将政务公开纳入考核，开展社会评议，未发生责任追究情况。`,
    "二、主动公开政府信息情况",
    parts.proactive,
    "三、收到和处理政府信息公开申请情况",
    parts.requests,
    "四、政府信息公开行政复议、行政诉讼情况",
    parts.review,
    "五、存在的主要问题及改进情况",
    "一是公开内容还不够丰富。下一步将加强业务培训。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
    "",
  ].join("\n");
}
