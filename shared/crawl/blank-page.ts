// A report page that shows no text: a firewall's script challenge, a blank page served with 200, or a
// page of images only (a "page not found" page that says so is a dead link instead: not-found-page.ts). Reading it would call the year's report "not an annual report" and, a
// cycle later, missing: evidence of absence from what is really a failed fetch. The crawl instead says
// so and is partial, so the year its link names is not judged that cycle.

import { lettersAndDigits } from "../text/letters.ts";

/** Pages larger than this have text to show whatever they are: only small ones are decoded and looked at. */
const MAX_BLANK_BYTES = 16 * 1024;
/**
 * Fewer visible letters and digits than this is no page of a report: its title alone has more
 * ("某某市统计局2023年政府信息公开工作年度报告" has 26); a challenge's "请稍候，正在进行安全检测" has 10.
 */
const MIN_VISIBLE_CHARS = 20;

const HIDDEN = /<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(?:[a-z]+|#\w+);/gi;

/**
 * Whether the HTML page shows (next to) no text to a reader. `html` is only asked for (decoded) when
 * the page is small enough to be such a page.
 */
export function showsNoText(byteLength: number, html: () => string): boolean {
  if (byteLength > MAX_BLANK_BYTES) return false;
  const visible = html().replace(HIDDEN, " ").replace(TAG, " ").replace(ENTITY, " ");
  return lettersAndDigits(visible, MIN_VISIBLE_CHARS) < MIN_VISIBLE_CHARS;
}
