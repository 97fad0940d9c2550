// The text of a generated annual report (2021 or 2019 format) as blocks, rendered to HTML for a page
// or to paragraphs + tables for a PDF. Narrative numbers are read from the tables, so text and tables agree.
import { SECTION_LABELS, type SectionKey } from "../../../shared/domain/keys.ts";
import {
  proactiveRows,
  renderProactiveTable,
  renderRequestsTable,
  renderReviewTable,
  requestsPlainRows,
  reviewPlainRows,
} from "./html-tables.ts";
import { escapeHtml } from "./page-chrome.ts";
import type { ReportPdfInput } from "./pdf-writer.ts";
import type { SiteSpec } from "./site-spec.ts";
import type { SampleTables } from "./table-data.ts";

export type BodyBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "table"; table: "proactive" | "requests" | "review" }
  | { kind: "signature"; lines: string[] };

export interface ReportBodyInput {
  site: SiteSpec;
  year: number;
  tables: SampleTables;
  /** The date printed under the signature (drafting date). */
  signedOn: string;
  omitSection?: SectionKey;
}

function chineseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function overview(site: SiteSpec, year: number, tables: SampleTables): BodyBlock[] {
  const requests = tables.requests;
  const received = requests.newReceived?.total ?? 0;
  const carried = requests.carriedOver?.total ?? 0;
  const answered = requests.total?.total ?? 0;
  const forward = requests.carriedForward?.total ?? 0;
  const government = site.agencyType === "government";
  const normative = tables.proactive.normativeDocuments ?? {};
  const issued = tables.format === "2021" ? normative.issued : normative.newlyMade;
  const blocks: BodyBlock[] = [
    {
      kind: "paragraph",
      text: `${year}年，${site.name}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和国家、省、市关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，持续深化决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。`,
    },
    { kind: "paragraph", text: "（一）主动公开" },
    {
      kind: "paragraph",
      text: `全年通过门户网站、政务新媒体等渠道主动公开政府信息${200 + (year % 7) * 37}条，制发行政规范性文件${issued}件，均按规定及时公开并同步发布政策解读。`,
    },
    { kind: "paragraph", text: "（二）依申请公开" },
    {
      kind: "paragraph",
      text: `全年共收到政府信息公开申请${received}件，上年结转${carried}件，办结${answered}件，结转下年度继续办理${forward}件，均在法定期限内答复。`,
    },
    { kind: "paragraph", text: "（三）政府信息管理" },
    {
      kind: "paragraph",
      text: "严格落实信息发布“三审三校”制度，动态调整主动公开基本目录，对现行有效的行政规范性文件开展清理并集中公开。",
    },
    { kind: "paragraph", text: "（四）平台建设" },
    {
      kind: "paragraph",
      text: "依托政府网站集约化平台规范建设政府信息公开专栏，完成适老化和无障碍改造，及时更新栏目内容。",
    },
    { kind: "paragraph", text: "（五）监督保障" },
    {
      kind: "paragraph",
      text: government
        ? "将政务公开工作纳入年度绩效考核，开展政务公开工作考核和社会评议，全年未发生因政务公开工作不力引发的责任追究情况。"
        : "明确分管领导和专职工作人员，将政务公开纳入年度目标责任考核，全年未发生因政府信息公开工作被追责的情况。",
    },
  ];
  return blocks;
}

/** 六: the 信息处理费 statement must agree with Table 3's 逾期未缴费 row (SPEC §2.6). */
function feeParagraph(year: number, tables: SampleTables): string {
  const unpaid = tables.requests.otherUnpaidFee?.total ?? 0;
  const notices =
    unpaid > 0
      ? `发出收费通知${unpaid}件，申请人均未在期限内缴纳，实际未收取信息处理费`
      : "未发出收费通知，未收取信息处理费";
  return `根据《政府信息公开信息处理费管理办法》，${year}年度本机关${notices}。无其他需要报告的事项。`;
}

/** The six-section body; Table 2/3/4 are placeholders filled by the renderer. */
export function reportBlocks(input: ReportBodyInput): BodyBlock[] {
  const { site, year, tables } = input;
  const sections: Record<SectionKey, BodyBlock[]> = {
    overview: overview(site, year, tables),
    proactive: [{ kind: "table", table: "proactive" }],
    requests: [{ kind: "table", table: "requests" }],
    review: [{ kind: "table", table: "review" }],
    problems: [
      {
        kind: "paragraph",
        text: `${year}年，我单位政府信息公开工作取得一定成效，但仍存在政策解读形式较为单一、主动公开内容的深度和广度有待拓展等问题。下一步，将加强业务培训，丰富解读形式，进一步提升政府信息公开工作质量。`,
      },
    ],
    other: [{ kind: "paragraph", text: feeParagraph(year, tables) }],
  };
  const blocks: BodyBlock[] = [
    {
      kind: "paragraph",
      text: `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定和《中华人民共和国政府信息公开工作年度报告格式》要求编制。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。本报告电子版可在“${site.portalName}”门户网站查阅。如对本报告有疑问，请与${site.name}办公室联系。`,
    },
  ];
  for (const key of Object.keys(sections) as SectionKey[]) {
    if (key === input.omitSection) continue;
    blocks.push({ kind: "heading", text: SECTION_LABELS[key] }, ...sections[key]);
  }
  blocks.push({ kind: "signature", lines: [site.name, chineseDate(input.signedOn)] });
  return blocks;
}

/** HTML of the body; `tableHtml` lets a page replace a table (e.g. by an image). */
export function renderBodyHtml(
  blocks: BodyBlock[],
  tables: SampleTables,
  tableHtml?: (table: "proactive" | "requests" | "review") => string,
): string {
  const render = {
    proactive: () => renderProactiveTable(tables),
    requests: () => renderRequestsTable(tables),
    review: () => renderReviewTable(tables),
  };
  const one = (block: BodyBlock): string => {
    if (block.kind === "heading")
      return `<p style="text-indent:2em"><strong>${escapeHtml(block.text)}</strong></p>`;
    if (block.kind === "paragraph") return `<p style="text-indent:2em">${escapeHtml(block.text)}</p>`;
    if (block.kind === "table") return tableHtml ? tableHtml(block.table) : render[block.table]();
    return block.lines.map((line) => `<p style="text-align:right">${escapeHtml(line)}</p>`).join("\n");
  };
  return blocks.map(one).join("\n");
}

/** The same report as input for makeReportPdf. */
export function reportPdfInput(title: string, blocks: BodyBlock[], tables: SampleTables): ReportPdfInput {
  const paragraphs: string[] = [];
  const pdfTables: ReportPdfInput["tables"] = [];
  for (const block of blocks) {
    if (block.kind === "heading" || block.kind === "paragraph") paragraphs.push(block.text);
    else if (block.kind === "signature") paragraphs.push(...block.lines);
    else {
      const rows =
        block.table === "proactive"
          ? proactiveRows(tables).map((r) => r.cells.map(String))
          : block.table === "requests"
            ? requestsPlainRows(tables)
            : reviewPlainRows(tables);
      const width = Math.max(...rows.map((r) => r.length));
      const padded = rows.map((r) => [...r, ...Array<string>(width - r.length).fill("")]);
      pdfTables.push({ afterParagraph: paragraphs.length - 1, rows: padded });
    }
  }
  return { title, paragraphs, tables: pdfTables };
}
