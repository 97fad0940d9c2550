// The weekly digest an office receives, in Chinese: a summary, then what was found and put right in the
// week, the sites that could not be read, the bureaus not fully checked, and the open findings by bureau.
// Lists are capped so a large office's digest stays readable; the findings API has the rest.
import { RULES } from "../rules/catalogue.ts";
import { SEVERITY_LABELS } from "./alert-email.ts";
import type {
  BureauOpen,
  BureauUnchecked,
  DigestContent,
  DigestItem,
  SeverityCounts,
} from "./digest-content.ts";
import { escapeHtml, FOOTER, htmlPage, linkOrText } from "./html.ts";
import type { MailAddress } from "./mime.ts";
import { composeOfficeEmail, type RenderedEmail } from "./office-email.ts";

/** At most this many entries per list; the digest says how many more there are. */
export const DIGEST_LIST_LIMIT = 100;

export interface DigestEmailOptions {
  from: MailAddress;
  /** The Date header (default: the digest's asOf). */
  date?: Date;
}

/** "2026-12-05 22:30" in China time. */
function chinaTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 60 * 60 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

function countsText(c: SeverityCounts): string {
  const total = c.error + c.warning + c.info;
  if (total === 0) return "0 条";
  const parts = (["error", "warning", "info"] as const)
    .filter((s) => c[s] > 0)
    .map((s) => `${SEVERITY_LABELS[s]} ${c[s]} 条`);
  return `${total} 条（${parts.join("，")}）`;
}

interface Entry {
  /** The entry's first line. */
  head: string;
  /** Further lines (plain text). */
  lines: string[];
  url?: string;
}

function findingEntry(f: DigestItem): Entry {
  const year = f.year > 0 ? `${f.year}年度` : "";
  const state = f.status === "resolved" ? "，已整改" : "";
  return {
    head: `${f.bureauName}${year ? ` ${year}` : ""}：${RULES[f.rule].title}（${SEVERITY_LABELS[f.severity]}${state}）`,
    lines: [f.message],
    ...(f.url ? { url: f.url } : {}),
  };
}

function bureauEntry(b: BureauOpen): Entry {
  const parts = [
    b.errors > 0 ? `错误 ${b.errors} 条` : "",
    b.warnings > 0 ? `警告 ${b.warnings} 条` : "",
    b.infos > 0 ? `提示 ${b.infos} 条` : "",
  ].filter(Boolean);
  return {
    head: `${b.bureauName}：${parts.join("，")}（最早发现于 ${chinaTime(b.oldest).slice(0, 10)}）`,
    lines: [],
  };
}

/** Errors quoted per bureau: the first says why; the API's coverage has up to five. */
const UNCHECKED_ERRORS = 2;

function uncheckedEntry(b: BureauUnchecked): Entry {
  if (b.neverCrawled) return { head: `${b.bureauName}：尚未完成首次监测`, lines: [] };
  const what = !b.judged
    ? "网站未能完整抓取，各年度报告是否缺失均未判断"
    : b.unjudgedYears.length > 0
      ? `${b.unjudgedYears.map((y) => `${y}年度`).join("、")}报告无法获取或读取，未判断是否缺失`
      : "部分页面或文件无法获取或读取，其内容未核查";
  const since = b.since ? `（自 ${chinaTime(b.since).slice(0, 10)} 起）` : "";
  return { head: `${b.bureauName}：${what}${since}`, lines: b.errors.slice(0, UNCHECKED_ERRORS) };
}

interface Section {
  title: string;
  entries: Entry[];
  /** What an empty section says. */
  none: string;
}

function capped(entries: Entry[]): { shown: Entry[]; more: number } {
  return {
    shown: entries.slice(0, DIGEST_LIST_LIMIT),
    more: Math.max(0, entries.length - DIGEST_LIST_LIMIT),
  };
}

const moreText = (n: number) => `……另有 ${n} 条未列出，可通过查询接口查看全部。`;

function sectionText(s: Section): string[] {
  const { shown, more } = capped(s.entries);
  if (shown.length === 0) return [s.title, s.none, ""];
  const lines = [s.title];
  shown.forEach((e, i) => {
    lines.push(`${i + 1}. ${e.head}`, ...e.lines.map((l) => `   ${l}`));
    if (e.url) lines.push(`   报告地址：${e.url}`);
  });
  if (more > 0) lines.push(moreText(more));
  return [...lines, ""];
}

function sectionHtml(s: Section): string {
  const { shown, more } = capped(s.entries);
  const title = `<h2 style="font-size:1.1em;margin:1.2em 0 0.4em">${escapeHtml(s.title)}</h2>`;
  if (shown.length === 0) return `${title}<p>${escapeHtml(s.none)}</p>`;
  const items = shown
    .map((e) => {
      const rest = e.lines.map((l) => `<br>${escapeHtml(l)}`).join("");
      const url = e.url ? `<br>报告地址：${linkOrText(e.url)}` : "";
      return `<li style="margin:0 0 0.6em;overflow-wrap:anywhere;word-break:break-word"><strong>${escapeHtml(e.head)}</strong>${rest}${url}</li>`;
    })
    .join("\n");
  const tail = more > 0 ? `<p>${escapeHtml(moreText(more))}</p>` : "";
  return `${title}<ol style="padding-left:1.5em;margin:0">${items}</ol>${tail}`;
}

export function renderDigestEmail(content: DigestContent, options: DigestEmailOptions): RenderedEmail {
  const { office, week, counts } = content;
  const subject = `【年报监测】${office.name}周报（${week.start}至${week.end}）`;
  const intro = `${office.name}：`;
  const lead =
    `以下是${week.start}至${week.end}（北京时间）政府信息公开工作年度报告监测周报。` +
    `“未整改”按${chinaTime(content.asOf)}的情况统计。`;
  const summary: [string, string][] = [
    ["监测单位", `${content.bureauCount} 个`],
    ["本周新发现问题", countsText(counts.opened)],
    ["本周已整改问题", `${counts.resolved} 条`],
    ["未整改问题", `${countsText(counts.open)}，涉及 ${content.openByBureau.length} 个单位`],
    ["网站无法访问", `${new Set(content.unreachable.map((f) => f.bureauId)).size} 个单位`],
    ["未能全部核查", `${content.unchecked.length} 个单位`],
  ];
  const sections: Section[] = [
    { title: "一、本周新发现的问题", entries: content.opened.map(findingEntry), none: "本周未发现新问题。" },
    {
      title: "二、本周已整改的问题",
      entries: content.resolved.map(findingEntry),
      none: "本周无已整改的问题。",
    },
    {
      title: "三、网站无法访问的单位",
      entries: content.unreachable.map(findingEntry),
      none: "所有单位的网站均可正常访问。",
    },
    {
      title: "四、未能全部核查的单位",
      entries: content.unchecked.map(uncheckedEntry),
      none:
        content.unreachable.length > 0
          ? "除网站无法访问的单位外，其余单位均已完成核查。"
          : "所有单位均已完成核查。",
    },
    {
      title: "五、未整改问题（按单位）",
      entries: content.openByBureau.map(bureauEntry),
      none: "目前没有未整改的问题。",
    },
  ];

  const text = [
    intro,
    "",
    lead,
    "",
    "概况",
    ...summary.map(([k, v]) => `  ${k}：${v}`),
    "",
    ...sections.flatMap(sectionText),
    FOOTER,
    "",
  ].join("\n");
  const summaryRows = summary
    .map(
      ([k, v]) =>
        `<tr><th style="text-align:left;white-space:nowrap;padding:2px 12px 2px 0">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
    )
    .join("\n");
  const html = htmlPage(
    subject,
    [
      `<p>${escapeHtml(intro)}</p><p>${escapeHtml(lead)}</p>`,
      `<table style="border-collapse:collapse;max-width:100%">${summaryRows}</table>`,
      ...sections.map(sectionHtml),
      `<p style="color:#666">${escapeHtml(FOOTER)}</p>`,
    ].join("\n"),
  );

  // One digest per office and week: a re-render replaces the outbox file, and carries the same Message-ID.
  return composeOfficeEmail({
    kind: "digest",
    identity: `${office.id}\n${week.start}`,
    id: `digest-${office.id}-${week.start}`,
    office,
    from: options.from,
    subject,
    text,
    html,
    date: options.date ?? new Date(content.asOf),
    headers: { "X-GDM-Digest": `${office.id} ${week.start}` },
  });
}
