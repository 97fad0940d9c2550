// Page furniture and spam injected by mirrors, to drop before heading detection (SPEC §5.5.11, §5.5.13).
import { toSimplifiedChinese } from "./simplify.ts";
import { normaliseWidthAndSpace } from "./width.ts";

/** Boilerplate is short; long lines are body text whatever they contain. */
const MAX_BOILERPLATE_LENGTH = 160;
const MAX_SPAM_SCAN_LINES = 300;

/** Buttons and links that make up a whole line, alone or several together ("【打印本页】【关闭窗口】"). */
const BUTTON_WORDS = new Set([
  "打印",
  "打印本页",
  "打印此页",
  "打印页面",
  "关闭",
  "关闭窗口",
  "关闭本页",
  "返回",
  "返回顶部",
  "返回首页",
  "收藏",
  "加入收藏",
  "分享",
  "分享到",
  "纠错",
  "我要纠错",
  "保存",
  "字号",
  "字体",
  "大",
  "中",
  "小",
  "默认",
  "上一篇",
  "下一篇",
  "繁体",
  "繁體",
  "简体",
  "无障碍",
  "智能问答",
]);

const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^[【[]?字[号体](?:[：:]|$)/, // 字号：大 中 小, 【字体：大 中 小】
  /扫一扫|手机扫码|在手机(?:上)?(?:打开|查看|阅读)/,
  /^[【[]?(?:浏览|点击|阅读|访问|被阅览)(?:次数|数|量)[：:]?\s*\d*/,
  /^[【[]?(?:今天|今日|现在|当前)(?:是|时间|日期)/, // the page's clock: "今天是2026年11月23日 星期一"
  /^(?:当前位置|您(?:现在)?的?(?:当前)?(?:所在)?位置)[：:]/,
  /网站地图|主办单位[：:]|承办单位[：:]|技术支持[：:]|ICP备|icp备|网站标识码|公网安备|版权所有|Copyright|©/,
  /建议使用.{0,20}浏览器|分辨率.{0,10}浏览/,
  /^分享到?[：:]/,
];

/** Tokens of a line made only of bracketed/pipe-separated buttons. */
function buttonTokens(line: string): string[] {
  return line
    .split(/[【】[\]|｜\s:：/]+/)
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/**
 * Whether a line is page furniture (font-size switch, print/close buttons, QR hint, view counters,
 * the page's clock, breadcrumb, site footer). Accepts raw or normalised lines.
 */
export function isBoilerplateLine(line: string): boolean {
  if (line.length > MAX_BOILERPLATE_LENGTH * 2) return false;
  const text = normaliseWidthAndSpace(toSimplifiedChinese(line));
  if (text.length === 0 || text.length > MAX_BOILERPLATE_LENGTH) return false;
  const tokens = buttonTokens(text);
  if (tokens.length > 0 && tokens.every((token) => BUTTON_WORDS.has(token))) return true;
  return BOILERPLATE_PATTERNS.some((pattern) => pattern.test(text));
}

// ---- spam prefix of mirror pages -----------------------------------------------------------------

const SPAM_WORDS =
  /澳门|博彩|彩票|真人(?:视讯|娱乐|荷官|百家乐)|娱乐城|娱乐场|棋牌|色情|赌场|赌博|百家乐|老虎机|投注|下注|六合彩|时时彩|彩金|电子游艺|威尼斯人|葡京|太阳城|现金网|注册送|约炮|裸聊|一夜情|无码|成人影|成人视频|av在线|黄色网站|伦理片|体育平台|开云|bet365|\bbet\b/i;

/** Lines that belong to the report itself: the title, the legal intro, a level-1 heading. */
const REPORT_LIKE =
  /政府信息公开|政务信息公开|政务公开|信息公开工作|年度报告|条例|总体情况|概述|^[一二三四五六七八九十]、|^根据|^依据|^本报告/;

/**
 * Discards the lines before the first report-like line when that prefix carries spam (porn/gambling
 * words injected by mirrors). A prefix without spam, or a document without report-like lines, is kept.
 */
export function dropSpamPrefix(lines: string[]): string[] {
  const limit = Math.min(lines.length, MAX_SPAM_SCAN_LINES);
  let spamSeen = false;
  for (let i = 0; i < limit; i++) {
    const text = simplifiedShort(lines[i] ?? "");
    const spam = SPAM_WORDS.test(text);
    if (REPORT_LIKE.test(text) && !spam) return spamSeen ? lines.slice(i) : lines;
    spamSeen ||= spam;
  }
  return lines;
}

function simplifiedShort(line: string): string {
  return normaliseWidthAndSpace(toSimplifiedChinese(line.length > 2000 ? line.slice(0, 2000) : line));
}
