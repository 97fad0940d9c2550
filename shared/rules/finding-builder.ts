// One way to build a finding, so severity always comes from the catalogue and url/snapshot are always attached.
import type { Evidence, Finding, Severity } from "../domain/finding.ts";
import { RULES, type RuleId } from "./catalogue.ts";
import type { CheckContext } from "./context.ts";

export interface FindingDraft {
  rule: RuleId;
  message: string;
  key: string;
  evidence?: Evidence;
  /** Only where the rule's severity depends on the case (e.g. a township's soft deadline). */
  severity?: Severity;
}

export function buildFinding(draft: FindingDraft, year: number | undefined, ctx: CheckContext): Finding {
  const evidence: Evidence = { ...(draft.evidence ?? {}) };
  if (ctx.url !== undefined && evidence.url === undefined) evidence.url = ctx.url;
  if (ctx.snapshot !== undefined && evidence.snapshot === undefined) evidence.snapshot = ctx.snapshot;
  const finding: Finding = {
    rule: draft.rule,
    severity: draft.severity ?? RULES[draft.rule].severity,
    message: draft.message,
    evidence,
    key: draft.key,
  };
  if (year !== undefined) finding.year = year;
  return finding;
}
