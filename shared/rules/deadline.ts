// Deadlines of SPEC §1.3–1.5: 2008 Art. 31 (3/31 for all) and 2019 Art. 49 (departments 1/31, governments 3/31).
// Dates are calendar days in China Standard Time (UTC+8) and the deadline day itself is on time (§1.4.3).
import type { AgencyType } from "../domain/keys.ts";
import type { MonthDay } from "./context.ts";

export type Regime = "2008" | "2019";

export interface Deadline {
  /** Last day on time, YYYY-MM-DD (inclusive). */
  deadline: string;
  regime: Regime;
  /** Townships only (no statutory date, SPEC §1.4.2 [U]): after this day a warning, after `deadline` late. */
  warnAfter?: string;
}

/** Townships/streets have no national date; this default follows SPEC §1.4.2 and can be replaced per call. */
export interface TownshipPolicy {
  warnAfter: MonthDay;
  lateAfter: MonthDay;
}
export const DEFAULT_TOWNSHIP_POLICY: TownshipPolicy = {
  warnAfter: { month: 1, day: 31 },
  lateAfter: { month: 3, day: 31 },
};

/** Report years up to 2018 fall under the 2008 regulation: the 2019 revision took effect on 2019-05-15. */
export function regimeFor(year: number): Regime {
  return year <= 2018 ? "2008" : "2019";
}

export function deadlineFor(
  year: number,
  agencyType: AgencyType,
  override?: MonthDay,
  township: TownshipPolicy = DEFAULT_TOWNSHIP_POLICY,
): Deadline {
  const regime = regimeFor(year);
  const next = year + 1;
  if (regime === "2008") return { deadline: stricter(isoDate(next, 3, 31), next, override), regime };
  if (agencyType === "township") {
    if (override) return { deadline: isoDate(next, override.month, override.day), regime };
    return {
      deadline: isoDate(next, township.lateAfter.month, township.lateAfter.day),
      warnAfter: isoDate(next, township.warnAfter.month, township.warnAfter.day),
      regime,
    };
  }
  const statute = agencyType === "department" ? isoDate(next, 1, 31) : isoDate(next, 3, 31);
  return { deadline: stricter(statute, next, override), regime };
}

/** A local date earlier than the statute binds; a later one does not excuse (SPEC §1.4.4). */
function stricter(statute: string, year: number, override?: MonthDay): string {
  if (!override) return statute;
  const local = isoDate(year, override.month, override.day);
  return local < statute ? local : statute;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A date or timestamp as the calendar day in China; undefined when it cannot be read. */
export function toChinaDate(value: string): string | undefined {
  const trimmed = value.trim();
  const plain = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (plain) return validDay(Number(plain[1]), Number(plain[2]), Number(plain[3]));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(trimmed)) return undefined;
  // A timestamp without an offset is a Chinese page's local time.
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const ms = Date.parse(hasOffset ? trimmed : `${trimmed}+08:00`);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function validDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return isoDate(year, month, day);
}

/**
 * The instant a scheduled run stands for: the schedule's own time when it sent a readable one, so a retried
 * run judges the same day and cycle as the first; otherwise now.
 */
export function scheduledInstant(scheduledAt: string | undefined, now: () => Date = () => new Date()): Date {
  const scheduled = scheduledAt ? new Date(scheduledAt) : undefined;
  return scheduled && !Number.isNaN(scheduled.getTime()) ? scheduled : now();
}

/** Today's calendar day in China. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Report years whose deadline has passed by `today` (China date), oldest first: the years the crawler must have
 * found a report for. A township counts from its late date, not its warning date.
 */
export function expectedReportYears(
  today: string,
  agencyType: AgencyType,
  override?: MonthDay,
  firstYear = 2019,
  township: TownshipPolicy = DEFAULT_TOWNSHIP_POLICY,
): number[] {
  const day = toChinaDate(today);
  if (day === undefined) return [];
  const lastPossible = Number(day.slice(0, 4)) - 1;
  const years: number[] = [];
  for (let year = Math.max(firstYear, 2008); year <= lastPossible; year++) {
    if (day > deadlineFor(year, agencyType, override, township).deadline) years.push(year);
  }
  return years;
}
