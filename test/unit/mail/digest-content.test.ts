import { describe, expect, it } from "vitest";
import type { Office } from "../../../shared/domain/registry.ts";
import { collectDigest, previousWeek, weekContaining } from "../../../shared/mail/digest-content.ts";
import type { Coverage } from "../../../shared/store/coverage-store.ts";
import type { StoredFinding } from "../../../shared/store/finding-items.ts";

describe("weeks, Monday to Sunday in China time", () => {
  it.each([
    ["2026-11-30", "2026-11-30"], // a Monday
    ["2026-12-05", "2026-11-30"], // Saturday
    ["2026-12-06", "2026-11-30"], // Sunday
    ["2027-01-01", "2026-12-28"], // across a year
    ["2024-03-03", "2024-02-26"], // across a leap day
  ])("%s is in the week starting %s", (day, start) => {
    const week = weekContaining(day);
    expect(week.start).toBe(start);
    expect(Date.parse(`${week.end}T00:00:00Z`) - Date.parse(`${week.start}T00:00:00Z`)).toBe(6 * 86_400_000);
    // Monday 00:00 in Beijing is Sunday 16:00 UTC.
    expect(week.from).toBe(new Date(`${start}T00:00:00+08:00`).toISOString());
    expect(Date.parse(week.until) - Date.parse(week.from)).toBe(7 * 86_400_000);
  });

  it("the digest sent on a Monday morning covers the week that just ended, whatever the UTC date", () => {
    // Monday 2026-12-07 08:00 in China is still Monday in UTC; 00:30 in China is Sunday in UTC.
    expect(previousWeek(new Date("2026-12-07T00:00:00Z")).start).toBe("2026-11-30");
    expect(previousWeek(new Date("2026-12-06T16:30:00Z")).start).toBe("2026-11-30");
    // Sunday 23:30 in China: the week is not over, the digest covers the one before.
    expect(previousWeek(new Date("2026-12-06T15:30:00Z")).start).toBe("2026-11-23");
  });
});

const office: Office = { id: "nj", name: "南京市政务公开办", emails: ["a@example.gov.cn"] };
const bureaus = [
  { id: "tjj", name: "南京市统计局", supervisor: "nj" },
  { id: "sjj", name: "南京市审计局", supervisor: "nj" },
  { id: "xx", name: "另一个市的局", supervisor: "other" },
];
const week = weekContaining("2026-11-30");
const inWeek = "2026-12-01T02:00:00.000Z";
const before = "2026-11-20T02:00:00.000Z";
const after = "2026-12-08T02:00:00.000Z";

function finding(over: Partial<StoredFinding>): StoredFinding {
  return {
    bureauId: "tjj",
    officeId: "nj",
    year: 2025,
    rule: "table-arithmetic",
    key: "k",
    severity: "error",
    message: "m",
    evidence: {},
    scope: "report",
    status: "open",
    firstSeen: before,
    lastSeen: before,
    occurrence: 1,
    sk: "FINDING#2025#table-arithmetic#k",
    ...over,
  };
}

describe("collectDigest", () => {
  it("sorts findings into opened in the week, resolved in the week, and open by bureau", () => {
    const findings = [
      finding({ key: "new", firstSeen: inWeek, openedAt: inWeek, evidence: { url: "http://a/1.html" } }),
      finding({ key: "old-open", severity: "warning", rule: "section-order" }),
      finding({ key: "fixed", status: "resolved", resolvedAt: inWeek }),
      finding({ key: "fixed-before", status: "resolved", resolvedAt: before }),
      // Opened and put right within the week: in both lists, shown as resolved.
      finding({
        key: "both",
        bureauId: "sjj",
        firstSeen: inWeek,
        openedAt: inWeek,
        status: "resolved",
        resolvedAt: inWeek,
      }),
      // Found again this week after being resolved: new this week, though first seen long ago.
      finding({ key: "again", bureauId: "sjj", openedAt: inWeek, occurrence: 2 }),
      // Opened after the week: not this week's, but open now.
      finding({ key: "later", bureauId: "sjj", firstSeen: after, openedAt: after, severity: "info" }),
      finding({ key: "down", bureauId: "sjj", year: 0, rule: "site-unreachable", severity: "warning" }),
      // Another office's finding never shows.
      finding({ key: "elsewhere", officeId: "other", bureauId: "xx", firstSeen: inWeek, openedAt: inWeek }),
    ];
    const digest = collectDigest({ office, bureaus, findings, week, asOf: new Date(after) });
    expect(digest.bureauCount).toBe(2);
    expect(digest.opened.map((f) => `${f.bureauId} ${f.status}`)).toEqual([
      "sjj resolved",
      "sjj open",
      "tjj open",
    ]);
    expect(digest.opened[2]).toMatchObject({ bureauName: "南京市统计局", url: "http://a/1.html" });
    expect(digest.counts.opened).toEqual({ error: 3, warning: 0, info: 0 });
    expect(digest.resolved.map((f) => f.bureauId).sort()).toEqual(["sjj", "tjj"]);
    expect(digest.counts.resolved).toBe(2);
    expect(digest.unreachable.map((f) => f.bureauName)).toEqual(["南京市审计局"]);
    expect(digest.counts.open).toEqual({ error: 2, warning: 2, info: 1 });
    expect(digest.openByBureau).toEqual([
      { bureauId: "sjj", bureauName: "南京市审计局", errors: 1, warnings: 1, infos: 1, oldest: before },
      { bureauId: "tjj", bureauName: "南京市统计局", errors: 1, warnings: 1, infos: 0, oldest: before },
    ]);
  });

  it("names the bureaus not fully checked: years left unjudged, or not crawled yet", () => {
    const coverage = (over: Partial<Coverage>): Coverage => ({
      crawl: "ok",
      judged: true,
      pendingYears: [],
      unjudgedYears: [],
      errors: [],
      since: before,
      ...over,
    });
    const all = [
      ...bureaus,
      { id: "jyj", name: "南京市教育局", supervisor: "nj" },
      { id: "zfj", name: "南京市住房保障和房产局", supervisor: "nj" },
    ];
    const digest = collectDigest({
      office,
      bureaus: all,
      findings: [],
      week,
      asOf: new Date(after),
      coverage: new Map([
        ["tjj", coverage({ crawl: "partial", unjudgedYears: [2022], errors: ["report x: HTTP 404"] })],
        // Unreachable: listed with the sites that could not be read, not here.
        ["sjj", coverage({ crawl: "unreachable", judged: false })],
        ["xx", coverage({ crawl: "partial", judged: false })],
        // Every year judged, but a file could not be read: its content was not checked.
        ["zfj", coverage({ crawl: "partial", errors: ["report y.pdf: disallowed by robots.txt"] })],
      ]),
    });
    expect(digest.unchecked).toEqual([
      {
        bureauId: "tjj",
        bureauName: "南京市统计局",
        neverCrawled: false,
        unjudgedYears: [2022],
        judged: true,
        errors: ["report x: HTTP 404"],
        since: before,
      },
      {
        bureauId: "zfj",
        bureauName: "南京市住房保障和房产局",
        neverCrawled: false,
        unjudgedYears: [],
        judged: true,
        errors: ["report y.pdf: disallowed by robots.txt"],
        since: before,
      },
      {
        bureauId: "jyj",
        bureauName: "南京市教育局",
        neverCrawled: true,
        unjudgedYears: [],
        judged: false,
        errors: [],
      },
    ]);
    const fine = collectDigest({
      office,
      bureaus,
      findings: [],
      week,
      asOf: new Date(after),
      coverage: new Map([
        ["tjj", coverage({})],
        ["sjj", coverage({ pendingYears: [2025] })],
      ]),
    });
    expect(fine.unchecked).toEqual([]);
  });

  it("lists bureaus by pinyin, as a Chinese reader looks them up", () => {
    const names = ["昭通市人民政府", "盘锦市统计局", "泸州市统计局", "安庆市统计局"];
    const digest = collectDigest({
      office,
      bureaus: names.map((name, i) => ({ id: `b${i}`, name, supervisor: "nj" })),
      findings: names.map((_, i) => finding({ bureauId: `b${i}`, key: `k${i}`, firstSeen: inWeek })),
      week,
      asOf: new Date(after),
    });
    const order = ["安庆市统计局", "泸州市统计局", "盘锦市统计局", "昭通市人民政府"];
    expect(digest.opened.map((f) => f.bureauName)).toEqual(order);
    expect(digest.openByBureau.map((b) => b.bureauName)).toEqual(order);
  });

  it("dates a bureau's open problems from when they were first found, not from a reopening", () => {
    const digest = collectDigest({
      office,
      bureaus,
      findings: [finding({ firstSeen: before, openedAt: inWeek, occurrence: 2 })],
      week,
      asOf: new Date(after),
    });
    expect(digest.opened).toHaveLength(1);
    expect(digest.openByBureau[0]?.oldest).toBe(before);
  });

  it("takes a finding stored before openedAt existed as opened when first seen", () => {
    const digest = collectDigest({
      office,
      bureaus,
      findings: [finding({ firstSeen: inWeek })],
      week,
      asOf: new Date(after),
    });
    expect(digest.opened).toHaveLength(1);
  });

  it("names a bureau gone from the registry by its id, and counts no bureaus it does not supervise", () => {
    const digest = collectDigest({
      office,
      bureaus: [],
      findings: [finding({ bureauId: "removed-bureau", firstSeen: inWeek })],
      week,
      asOf: new Date(after),
    });
    expect(digest.bureauCount).toBe(0);
    expect(digest.opened[0]?.bureauName).toBe("removed-bureau");
  });

  it("puts the week's edges where China's midnight is", () => {
    const edge = (at: string) =>
      collectDigest({ office, bureaus, findings: [finding({ firstSeen: at })], week, asOf: new Date(after) })
        .opened.length;
    expect(edge("2026-11-29T15:59:59.999Z")).toBe(0); // Sunday 23:59:59 in Beijing
    expect(edge("2026-11-29T16:00:00.000Z")).toBe(1); // Monday 00:00
    expect(edge("2026-12-06T15:59:59.999Z")).toBe(1); // Sunday 23:59:59
    expect(edge("2026-12-06T16:00:00.000Z")).toBe(0); // next Monday
  });
});
