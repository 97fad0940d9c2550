// Which years report-missing may be judged for after a crawl: never after a crawl that failed in a way
// that could hide any year's report; after one whose only failures were documents of named years, every
// year but those.
import { describe, expect, it } from "vitest";
import { judgeMissingYears, type UnreadDocuments } from "../../../shared/cycle/missing-reports.ts";
import type { BureauCrawl } from "../../../shared/domain/crawl.ts";
import type { Bureau } from "../../../shared/domain/registry.ts";
import type { MissingStreak } from "../../../shared/store/repository.ts";

const bureau: Bureau = {
  id: "b1",
  name: "句容市统计局",
  regionCode: "321183",
  agencyType: "department",
  supervisor: "office",
  site: "http://www.jurong.gov.cn/",
  listings: ["http://www.jurong.gov.cn/jrstjj/zfxxgknb/"],
};
// Reports for 2021–2025 are all due on this day.
const TODAY = "2026-11-23";

/** The streak store in memory, as the repository keeps it, and two cycles a week apart. */
function judge(crawl: Partial<BureauCrawl>, foundYears: number[], unread?: UnreadDocuments) {
  const streaks = new Map<number, MissingStreak>();
  const repo = {
    getMissingStreaks: async () => new Map(streaks),
    putMissingStreak: async (_: string, year: number, streak: MissingStreak) =>
      void streaks.set(year, streak),
    clearMissingStreak: async (_: string, year: number) => void streaks.delete(year),
  };
  const full: BureauCrawl = {
    bureauId: "b1",
    status: "ok",
    documents: [],
    visited: [],
    errors: [],
    ...crawl,
  };
  const reports = foundYears.map((year) => ({
    year,
    url: `http://x/${year}`,
    kind: "annual-report" as const,
  }));
  const cycle = (cycleAt: string) =>
    judgeMissingYears(
      bureau,
      full,
      reports,
      { repo: repo as never, today: TODAY, cycleAt },
      undefined,
      unread,
    );
  return { cycle, streaks };
}

const raised = (j: Awaited<ReturnType<ReturnType<typeof judge>["cycle"]>>) =>
  [...j.byYear].filter(([, findings]) => findings.length > 0).map(([year]) => year);

describe("judging report-missing", () => {
  it("raises a year found in neither of two complete crawls", async () => {
    const { cycle } = judge({}, [2021, 2022, 2023, 2024]);
    expect((await cycle("2026-11-16T00:00:00Z")).pending).toEqual([2025]);
    expect(raised(await cycle("2026-11-23T00:00:00Z"))).toEqual([2025]);
  });

  it("judges nothing after a partial crawl whose failures could concern any year", async () => {
    const { cycle, streaks } = judge({ status: "partial", errors: ["listing …: HTTP 500"] }, [2021]);
    await cycle("2026-11-16T00:00:00Z");
    const second = await cycle("2026-11-23T00:00:00Z");
    expect(second.byYear.size).toBe(0);
    expect(second.judged).toBe(false);
    expect(streaks.size).toBe(0);
  });

  it("judges every other year when only named years' documents failed", async () => {
    // The 2021 report's server failed and 2025's was never published.
    const crawl = { status: "partial" as const, errors: ["report …: HTTP 500"], unjudgedYears: [2021] };
    const { cycle, streaks } = judge(crawl, [2022, 2023, 2024]);
    await cycle("2026-11-16T00:00:00Z");
    const second = await cycle("2026-11-23T00:00:00Z");
    expect(raised(second)).toEqual([2025]);
    expect(second).toMatchObject({ judged: true, unjudged: [2021] });
    expect(second.byYear.has(2021)).toBe(false);
    expect(streaks.has(2021)).toBe(false);
  });

  it("leaves a year alone whose document could not be read, and judges nothing if it named no year", async () => {
    const named = judge({}, [2021, 2022, 2023, 2024], { years: new Set([2025]), anyYear: false });
    await named.cycle("2026-11-16T00:00:00Z");
    expect(raised(await named.cycle("2026-11-23T00:00:00Z"))).toEqual([]);
    expect(named.streaks.has(2025)).toBe(false);

    const unnamed = judge({}, [2021, 2022, 2023], { years: new Set(), anyYear: true });
    await unnamed.cycle("2026-11-16T00:00:00Z");
    expect((await unnamed.cycle("2026-11-23T00:00:00Z")).byYear.size).toBe(0);
  });

  it("names a year's dead links, and those that named no year, in its finding", async () => {
    const dead2024 = { url: "http://x/nb/2024.html", status: 404, year: 2024, linkText: "2024年年报" };
    const deadAny = { url: "http://x/nb/gone.pdf", status: 410 };
    const crawl = {
      status: "partial" as const,
      errors: ["report …: HTTP 404", "report …: HTTP 410"],
      unjudgedYears: [],
      deadLinks: [dead2024, deadAny],
    };
    const { cycle } = judge(crawl, [2021, 2022, 2023]);
    await cycle("2026-11-16T00:00:00Z");
    const second = await cycle("2026-11-23T00:00:00Z");
    expect(raised(second)).toEqual([2024, 2025]);
    const [f2024] = second.byYear.get(2024)!;
    const [f2025] = second.byYear.get(2025)!;
    expect(f2024!.evidence.deadLinks).toEqual([dead2024, deadAny]);
    expect(f2024!.message).toContain("http://x/nb/2024.html等2个链接无法打开（HTTP 404）");
    expect(f2025!.evidence.deadLinks).toEqual([deadAny]);
    expect(f2025!.message).toContain("http://x/nb/gone.pdf无法打开（HTTP 410）");
  });

  it("says a link led to a page-not-found page", async () => {
    const soft = { url: "http://x/nb/2025.html", status: 200, softNotFound: true as const, year: 2025 };
    const crawl = {
      status: "partial" as const,
      errors: ["report …: soft 404"],
      unjudgedYears: [],
      deadLinks: [soft],
    };
    const { cycle } = judge(crawl, [2021, 2022, 2023, 2024]);
    await cycle("2026-11-16T00:00:00Z");
    const [finding] = (await cycle("2026-11-23T00:00:00Z")).byYear.get(2025)!;
    expect(finding!.message).toContain("http://x/nb/2025.html打开的是“页面不存在”的提示页");
    expect(finding!.evidence.deadLinks).toEqual([soft]);
  });

  it("says only that nothing was found when no link was dead", async () => {
    const { cycle } = judge({}, [2021, 2022, 2023, 2024]);
    await cycle("2026-11-16T00:00:00Z");
    const [finding] = (await cycle("2026-11-23T00:00:00Z")).byYear.get(2025)!;
    expect(finding!.evidence.deadLinks).toBeUndefined();
    expect(finding!.message).toContain("未找到该报告");
  });

  it("still takes a year as found when another of its documents was read", async () => {
    const { cycle } = judge({ status: "partial", errors: ["report …"], unjudgedYears: [2024] }, [2024]);
    const first = await cycle("2026-11-16T00:00:00Z");
    expect(first.byYear.get(2024)).toEqual([]);
  });
});
