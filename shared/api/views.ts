// What the API shows: the rule list (from the one catalogue), findings and bureaus, and the parsing of
// the findings filters. Nothing here knows about HTTP.
import type { Severity } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import { RULE_IDS, RULES, type RuleId, type RuleSpec } from "../rules/catalogue.ts";
import type { Coverage, ReportVersion, StoredFinding } from "../store/repository.ts";

export interface RuleView {
  id: RuleId;
  severity: Severity;
  title: string;
  when: string;
  spec: string | null;
  operational: boolean;
}

/** In catalogue order; every field comes from RULES. */
export function ruleList(): RuleView[] {
  return RULE_IDS.map((id) => {
    const rule: RuleSpec = RULES[id];
    return {
      id,
      severity: rule.severity,
      title: rule.title,
      when: rule.when,
      spec: rule.spec ?? null,
      operational: rule.operational === true,
    };
  });
}

export interface FindingView {
  bureauId: string;
  /** null for findings that belong to no report year (operational ones). */
  year: number | null;
  rule: RuleId;
  /** The stable detail key: together with bureauId, year and rule it identifies the finding. */
  key: string;
  severity: Severity;
  message: string;
  evidence: StoredFinding["evidence"];
  status: StoredFinding["status"];
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

export function findingView(f: StoredFinding): FindingView {
  return {
    bureauId: f.bureauId,
    year: f.year || null,
    rule: f.rule,
    key: f.key,
    severity: f.severity,
    message: f.message,
    evidence: f.evidence,
    status: f.status,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then newest report year, bureau, rule, and the unique sort key as the tie-break. */
export function compareFindings(a: StoredFinding, b: StoredFinding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.year - a.year ||
    compareText(a.bureauId, b.bureauId) ||
    compareText(a.rule, b.rule) ||
    compareText(a.sk, b.sk)
  );
}

export interface ReportView {
  year: number;
  url: string;
  publishedAt: string | null;
  sha256: string;
  firstSeen: string;
}

export function bureauView(bureau: Bureau, versions: ReportVersion[], coverage?: Coverage) {
  const reports: ReportView[] = versions
    .map((v) => ({
      year: v.year,
      url: v.url,
      publishedAt: v.publishedAt ?? null,
      sha256: v.sha256,
      firstSeen: v.firstSeen,
    }))
    .sort(
      (a, b) => a.year - b.year || compareText(a.firstSeen, b.firstSeen) || compareText(a.sha256, b.sha256),
    );
  return {
    bureau: {
      id: bureau.id,
      name: bureau.name,
      regionCode: bureau.regionCode,
      agencyType: bureau.agencyType,
      supervisor: bureau.supervisor,
      site: bureau.site,
      listings: bureau.listings,
    },
    reports,
    /** What the last cycle could judge (null before the first): why a year has no report-missing yet. */
    coverage: coverage ?? null,
  };
}

/**
 * The office's bureaus, by id: each with what its last cycle could judge and its open findings by
 * severity, so an office sees at a glance which bureaus need a look and which could not be fully checked.
 */
export function bureauList(
  officeId: string,
  bureaus: readonly Bureau[],
  coverage: ReadonlyMap<string, Coverage>,
  open: readonly StoredFinding[],
) {
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of open) {
    const c = counts.get(f.bureauId) ?? { error: 0, warning: 0, info: 0 };
    c[f.severity]++;
    counts.set(f.bureauId, c);
  }
  const items = [...bureaus]
    .sort((a, b) => compareText(a.id, b.id))
    .map((b) => ({
      id: b.id,
      name: b.name,
      regionCode: b.regionCode,
      agencyType: b.agencyType,
      open: counts.get(b.id) ?? { error: 0, warning: 0, info: 0 },
      coverage: coverage.get(b.id) ?? null,
    }));
  return { office: officeId, count: items.length, bureaus: items };
}

// ---- filters --------------------------------------------------------------------------------------

const STATUSES = ["open", "resolved"] as const;
const SEVERITIES = Object.keys(SEVERITY_RANK) as Severity[];
/** The first reports were due in 2009 (for 2008); anything far outside is a typo, not a query. */
const MIN_YEAR = 2008;
const MAX_YEAR = 2100;
export const BUREAU_ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export interface FindingsQuery {
  status?: (typeof STATUSES)[number];
  severity?: Severity;
  year?: number;
  rule?: RuleId;
  bureau?: string;
}

export const FINDINGS_PARAMS = ["status", "severity", "year", "rule", "bureau"] as const;
type Param = (typeof FINDINGS_PARAMS)[number];

/** User input echoed in an error message, cut short so an error stays one short line. */
const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

const oneOf = <T extends string>(values: readonly T[], v: string): v is T =>
  (values as readonly string[]).includes(v);

/** Validates the findings filters; `allowed` narrows which of them the route accepts. */
export function parseFindingsQuery(
  query: Record<string, string | undefined>,
  allowed: readonly Param[] = FINDINGS_PARAMS,
): { filter: FindingsQuery } | { error: string } {
  const filter: FindingsQuery = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!oneOf(allowed, name))
      return { error: `unknown query parameter ${quote(name)} (allowed: ${allowed.join(", ") || "none"})` };
    if (name === "status") {
      if (!oneOf(STATUSES, value)) return { error: `status must be one of ${STATUSES.join(", ")}` };
      filter.status = value;
    } else if (name === "severity") {
      if (!oneOf(SEVERITIES, value)) return { error: `severity must be one of ${SEVERITIES.join(", ")}` };
      filter.severity = value;
    } else if (name === "year") {
      const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
      if (!(year >= MIN_YEAR && year <= MAX_YEAR))
        return { error: `year must be a four-digit year from ${MIN_YEAR} to ${MAX_YEAR}` };
      filter.year = year;
    } else if (name === "rule") {
      if (!Object.hasOwn(RULES, value)) return { error: `unknown rule ${quote(value)} (see GET /rules)` };
      filter.rule = value as RuleId;
    } else {
      if (!BUREAU_ID_RE.test(value)) return { error: "bureau must be a bureau id" };
      filter.bureau = value;
    }
  }
  return { filter };
}
