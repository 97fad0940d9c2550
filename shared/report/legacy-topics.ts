// 2008 regime (Art. 32): which of the six required topics a report covers (SPEC §4.2.2).
// Numbering and headings vary too much in old reports to require exact headings: keyword families.

export const LEGACY_TOPICS = ["proactive", "requests", "fees", "review", "problems", "other"] as const;
export type LegacyTopic = (typeof LEGACY_TOPICS)[number];

/** Art. 32 item wording, for messages. */
export const LEGACY_TOPIC_LABELS: Record<LegacyTopic, string> = {
  proactive: "主动公开政府信息的情况",
  requests: "依申请公开政府信息和不予公开政府信息的情况",
  fees: "政府信息公开的收费及减免情况",
  review: "因政府信息公开申请行政复议、提起行政诉讼的情况",
  problems: "政府信息公开工作存在的主要问题及改进情况",
  other: "其他需要报告的事项",
};

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
