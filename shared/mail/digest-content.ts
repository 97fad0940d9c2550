// What an office's weekly digest says, from the stored findings of its bureaus: what was found in the
// week, what was put right, which sites could not be read, which bureaus could not be fully checked, and
// what is still open by bureau. Pure: the stored findings and coverage, the registry and the week in; the
// digest's content out (digest-email.ts renders it).
import type { Severity } from "../domain/finding.ts";
import type { Bureau, Office } from "../domain/registry.ts";
import { chinaToday, toChinaDate } from "../rules/deadline.ts";
import type { Coverage } from "../store/coverage-store.ts";
import type { StoredFinding } from "../store/finding-items.ts";

/** A week, Monday to Sunday in China time (UTC+8), as the offices count it. */
export interface DigestWeek {
  /** Monday, YYYY-MM-DD. */
  start: string;
  /** Sunday, YYYY-MM-DD. */
  end: string;
  /** The week's first instant (Monday 00:00 China time), as an ISO instant. */
  from: string;
  /** The instant after its last one (the next Monday 00:00 China time). */
  until: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET = "+08:00";

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The week that contains `day` (YYYY-MM-DD, a valid date). */
export function weekContaining(day: string): DigestWeek {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const start = addDays(day, -((weekday + 6) % 7));
  const next = addDays(start, 7);
  return {
    start,
    end: addDays(start, 6),
    from: new Date(`${start}T00:00:00${CHINA_OFFSET}`).toISOString(),
    until: new Date(`${next}T00:00:00${CHINA_OFFSET}`).toISOString(),
  };
}

/** The week named by any day of it (YYYY-MM-DD), or undefined when that is not a date. */
export function weekNamed(day: string): DigestWeek | undefined {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day.trim()) ? toChinaDate(day) : undefined;
  return valid === undefined ? undefined : weekContaining(valid);
}

/** The last complete week before `now`: what a digest sent on Monday morning covers. */
export function previousWeek(now: Date): DigestWeek {
  return weekContaining(addDays(weekContaining(chinaToday(now)).start, -7));
}

export interface DigestItem {
  bureauId: string;
  bureauName: string;
  /** 0 for findings of no report year (a site that could not be read). */
  year: number;
  rule: StoredFinding["rule"];
  severity: Severity;
  message: string;
  url?: string;
  status: StoredFinding["status"];
  /** When it was first found; when it was (last) opened; and when resolved, if it is. */
  firstSeen: string;
  openedAt: string;
  resolvedAt?: string;
}

export interface BureauOpen {
  bureauId: string;
  bureauName: string;
  errors: number;
  warnings: number;
  infos: number;
  /** When the first of its open findings was first found. */
  oldest: string;
}

/** A bureau of the office that the last cycle could not fully check (its site was read), or never tried. */
export interface BureauUnchecked {
  bureauId: string;
  bureauName: string;
  /** Not crawled yet (new in the registry); otherwise crawled with some years left unjudged. */
  neverCrawled: boolean;
  /** The report years left unjudged; empty with `judged` false: every year. */
  unjudgedYears: number[];
  judged: boolean;
  /** The crawl's first errors: why. */
  errors: string[];
  /** Since when it has been so (the cycle's instant), when crawled. */
  since?: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface DigestContent {
  office: Office;
  week: DigestWeek;
  /** When the digest was made: "open" means open at this instant. */
  asOf: string;
  /** Bureaus the registry puts under the office. */
  bureauCount: number;
  /** Opened (first found, or found again after being resolved) during the week; current status shown. */
  opened: DigestItem[];
  /** Resolved during the week. */
  resolved: DigestItem[];
  /** Open `site-unreachable` findings: bureaus whose sites the last cycles could not read. */
  unreachable: DigestItem[];
  /**
   * Bureaus whose last cycle read the site but not all of it: a year it could not judge for a missing
   * report, or a page or file it could not fetch or read (not those whose site could not be read at all:
   * `unreachable` has those); and bureaus not crawled yet.
   */
  unchecked: BureauUnchecked[];
  /** Bureaus with open findings, most errors first. */
  openByBureau: BureauOpen[];
  counts: { opened: SeverityCounts; resolved: number; open: SeverityCounts };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** Bureau names in the order a Chinese reader looks them up: by pinyin, not by code point. */
const byChineseName = new Intl.Collator("zh-CN").compare;

function zeroCounts(): SeverityCounts {
  return { error: 0, warning: 0, info: 0 };
}

/** Whether an ISO instant falls in the week (its bounds parsed once, not per finding). */
function inWeek(week: DigestWeek): (instant: string | undefined) => boolean {
  const from = Date.parse(week.from);
  const until = Date.parse(week.until);
  return (instant) => {
    if (instant === undefined) return false;
    const at = Date.parse(instant);
    return at >= from && at < until;
  };
}

function byImportance(a: DigestItem, b: DigestItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    byChineseName(a.bureauName, b.bureauName) ||
    b.year - a.year ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export interface CollectDigestInput {
  office: Office;
  /** The registry's bureaus (any office's: those of this one are picked out). */
  bureaus: readonly Pick<Bureau, "id" | "name" | "supervisor">[];
  /** The office's stored findings, any status. */
  findings: readonly StoredFinding[];
  week: DigestWeek;
  asOf: Date;
  /** The office's bureaus' coverage by bureau id (shared/store/coverage-store.ts); absent: not shown. */
  coverage?: ReadonlyMap<string, Coverage>;
}

function uncheckedBureaus(
  bureaus: readonly Pick<Bureau, "id" | "name">[],
  coverage: ReadonlyMap<string, Coverage>,
): BureauUnchecked[] {
  const list: BureauUnchecked[] = [];
  for (const b of bureaus) {
    const c = coverage.get(b.id);
    const base = { bureauId: b.id, bureauName: b.name };
    if (!c) list.push({ ...base, neverCrawled: true, unjudgedYears: [], judged: false, errors: [] });
    else if (c.crawl !== "unreachable" && (!c.judged || c.unjudgedYears.length > 0 || c.errors.length > 0))
      list.push({
        ...base,
        neverCrawled: false,
        unjudgedYears: c.unjudgedYears,
        judged: c.judged,
        errors: c.errors,
        since: c.since,
      });
  }
  return list.sort(
    (a, b) => Number(a.neverCrawled) - Number(b.neverCrawled) || byChineseName(a.bureauName, b.bureauName),
  );
}

export function collectDigest(input: CollectDigestInput): DigestContent {
  const { office, week } = input;
  const names = new Map(input.bureaus.map((b) => [b.id, b.name]));
  const item = (f: StoredFinding): DigestItem => ({
    bureauId: f.bureauId,
    // A bureau since removed from the registry still has its findings: named by its id.
    bureauName: names.get(f.bureauId) ?? f.bureauId,
    year: f.year,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(typeof f.evidence.url === "string" ? { url: f.evidence.url } : {}),
    status: f.status,
    firstSeen: f.firstSeen,
    openedAt: f.openedAt ?? f.firstSeen,
    ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
  });
  const findings = input.findings.filter((f) => f.officeId === office.id).map(item);
  const within = inWeek(week);
  const opened = findings.filter((f) => within(f.openedAt)).sort(byImportance);
  const resolved = findings.filter((f) => f.status === "resolved" && within(f.resolvedAt)).sort(byImportance);
  const open = findings.filter((f) => f.status === "open");

  const perBureau = new Map<string, BureauOpen>();
  const openCounts = zeroCounts();
  for (const f of open) {
    openCounts[f.severity]++;
    const entry = perBureau.get(f.bureauId) ?? {
      bureauId: f.bureauId,
      bureauName: f.bureauName,
      errors: 0,
      warnings: 0,
      infos: 0,
      oldest: f.firstSeen,
    };
    if (f.severity === "error") entry.errors++;
    else if (f.severity === "warning") entry.warnings++;
    else entry.infos++;
    if (f.firstSeen < entry.oldest) entry.oldest = f.firstSeen;
    perBureau.set(f.bureauId, entry);
  }
  const openedCounts = zeroCounts();
  for (const f of opened) openedCounts[f.severity]++;

  return {
    office,
    week,
    asOf: input.asOf.toISOString(),
    bureauCount: input.bureaus.filter((b) => b.supervisor === office.id).length,
    opened,
    resolved,
    unreachable: open.filter((f) => f.rule === "site-unreachable").sort(byImportance),
    unchecked: input.coverage
      ? uncheckedBureaus(
          input.bureaus.filter((b) => b.supervisor === office.id),
          input.coverage,
        )
      : [],
    openByBureau: [...perBureau.values()].sort(
      (a, b) =>
        b.errors - a.errors ||
        b.warnings - a.warnings ||
        b.infos - a.infos ||
        byChineseName(a.bureauName, b.bureauName),
    ),
    counts: { opened: openedCounts, resolved: resolved.length, open: openCounts },
  };
}
