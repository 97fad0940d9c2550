// 2008 regime (Art. 32): which of the six required topics a report covers (SPEC §4.2.2).
// Numbering and headings vary too much in old reports to require exact headings: keyword families.

import type { LegacyTopic } from "../domain/keys.ts";

const MAX_TEXT = 500_000;

export function detectLegacyTopics(text: string): Record<LegacyTopic, boolean> {
  const t = (typeof text === "string" ? text.slice(0, MAX_TEXT) : "").replace(/\s+/g, "");
  return {
    proactive: /主动公开/.test(t),
    requests: /依申请|申请公开|公开申请/.test(t),
    fees: /收费|减免/.test(t),
    review: /复议|诉讼/.test(t),
    problems: /问题|不足/.test(t) && /改进|措施|整改|打算/.test(t),
    other: /其他(需要|应当)?(报告|说明)?的?事项|需要说明的事项/.test(t),
  };
}
