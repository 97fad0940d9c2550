// Bodies that are not generated reports: the five real seeds (kept as they are, one <p> per line)
// and the noise a real column carries (news, 文字解读, notices).
import { readFileSync } from "node:fs";
import { Converter } from "opencc-js/t2cn";
import { SECTION_LABELS } from "../../../shared/domain/keys.ts";
import { escapeHtml } from "./page-chrome.ts";
import type { DocSpec, SeedId, SiteSpec } from "./site-spec.ts";

const SEED_FILES: Record<SeedId, string> = {
  "000": "000_e4321a9adb630a3a.txt",
  "001": "001_be91649d0d9c67f4.txt",
  "002": "002_9011374d10fa4802.txt",
  "003": "003_bea9b9c351d2f02a.txt",
  "004": "004_73fd7277be857a29.txt",
};

const seedCache = new Map<SeedId, string>();

/** The seed text exactly as stored (it ships beside this file: production has no ../shared). */
export function seedText(seed: SeedId): string {
  let text = seedCache.get(seed);
  if (text === undefined) {
    text = readFileSync(new URL(`./seeds/${SEED_FILES[seed]}`, import.meta.url), "utf8");
    seedCache.set(seed, text);
  }
  return text;
}

let toSimplified: ((text: string) => string) | undefined;

/** The simplified original behind a traditional rendering (the Big5 gateway serves the traditional one). */
export function simplifiedSeedText(seed: SeedId): string {
  const convert = toSimplified ?? Converter({ from: "tw", to: "cn" });
  toSimplified = convert;
  return convert(seedText(seed));
}

/** One paragraph per line; empty lines dropped; nothing else touched. */
export function linesToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join("\n");
}

function paragraphs(lines: string[]): string {
  return lines.map((line) => `<p style="text-indent:2em">${escapeHtml(line)}</p>`).join("\n");
}

function interpretation(site: SiteSpec, doc: DocSpec): string {
  const parts = Object.values(SECTION_LABELS).map((label) => label.slice(2));
  return paragraphs([
    "一、编制背景",
    `为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》有关规定，${site.name}编制并公布了${doc.year}年政府信息公开工作年度报告。`,
    "二、编制依据",
    "《中华人民共和国政府信息公开条例》第四十九条、第五十条和《中华人民共和国政府信息公开工作年度报告格式》。",
    "三、主要内容",
    `报告共分为六个部分：${parts.join("、")}。`,
    "四、解读机关及联系方式",
    `解读机关：${site.name}办公室。`,
  ]);
}

function notice(site: SiteSpec, doc: DocSpec): string {
  return paragraphs([
    "各区生态环境分局，局机关各处室、直属各单位：",
    `根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求，现就做好${doc.year}年政府信息公开工作年度报告编制发布工作通知如下：`,
    `一、年度报告须按照新的《中华人民共和国政府信息公开工作年度报告格式（试行）》编制，内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。`,
    `二、请各单位于${doc.year + 1}年1月10日前将本单位年度报告报送局办公室，局年度报告于${doc.year + 1}年1月31日前在门户网站公布。`,
    "三、各单位要高度重视，明确专人负责，确保数据准确、按时报送。",
    "附件：政府信息公开工作年度报告格式（试行）",
    site.name,
  ]);
}

function news(site: SiteSpec, doc: DocSpec): string {
  return paragraphs([
    `近日，${site.name}召开专题会议，部署政务公开相关工作。会议传达学习了上级关于政务公开工作的部署要求，通报了上一年度政务公开工作考核情况。`,
    "会议强调，要严格按照年度报告格式要求，全面、准确反映总体情况、主动公开、依申请公开、行政复议和行政诉讼、存在问题及改进情况和其他需要报告的事项，确保按时公开。",
    `会议要求各科室进一步提高思想认识，压实工作责任，推动${doc.year}年政务公开各项任务落到实处。`,
  ]);
}

export function noiseBody(site: SiteSpec, doc: DocSpec): string {
  if (doc.role === "interpretation") return interpretation(site, doc);
  if (doc.role === "notice") return notice(site, doc);
  return news(site, doc);
}
