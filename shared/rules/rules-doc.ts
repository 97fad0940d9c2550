// docs/rules.md is rendered from the one catalogue, so the docs cannot drift from the rules.
import { RULE_IDS, RULES, type RuleSpec } from "./catalogue.ts";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

const escapeCell = (text: string) => text.replaceAll("|", "\\|");

/** Display width as the formatter counts it: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

/** A Markdown table padded the way `biome format` writes it, so formatting the repo leaves it unchanged. */
function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(displayWidth(cell), ...rows.map((row) => displayWidth(row[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - displayWidth(cell))).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

export function renderRulesDoc(): string {
  const rows = [...RULE_IDS]
    .sort((a, b) => SEVERITY_ORDER[RULES[a].severity] - SEVERITY_ORDER[RULES[b].severity])
    .map((id) => {
      const spec: RuleSpec = RULES[id];
      const kind = spec.operational ? "operational" : "compliance";
      return [
        `\`${id}\``,
        spec.severity,
        escapeCell(spec.title),
        escapeCell(spec.when),
        kind,
        spec.spec ?? "",
      ];
    });
  return [
    "# Rules",
    "",
    "<!-- Generated from shared/rules/catalogue.ts by `npm run docs:rules`. Do not edit by hand. -->",
    "",
    "Every finding has a `rule` from this table, a `severity` (`error` · `warning` · `info`), a Chinese `message`",
    "that a supervising office can forward as is, and `evidence` (table, relation, row, column, expected, actual,",
    "deadline, publishedAt, regime, url, snapshot). Rule ids are a contract: added, never renamed (SPEC §7b).",
    "",
    ...markdownTable(["rule", "severity", "标题", "when it fires", "kind", "SPEC"], rows),
    "",
  ].join("\n");
}
