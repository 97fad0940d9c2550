import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDates, parseDate, urlDate } from "../../../shared/report/dates.ts";

describe("parseDate", () => {
  it.each([
    ["2023-01-17 15:20", "2023-01-17"],
    ["2023年1月17日", "2023-01-17"],
    ["2023 年 1 月 17 日", "2023-01-17"],
    ["2023/1/17", "2023-01-17"],
    ["２０２３年０１月１７日", "2023-01-17"],
    ["二〇二三年一月十七日", "2023-01-17"],
    ["2014年3月25日", "2014-03-25"],
  ])("reads %s", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it("recovers dates whose 年 or 月 the CMS dropped (SPEC §1.6)", () => {
    expect(parseDate("20221月1日")).toBe("2022-01-01");
    expect(findDates("统计期限自202111日起至20211231日止").map((d) => d.date)).toEqual([
      "2021-01-01",
      "2021-12-31",
    ]);
  });

  it("refuses to guess when the dropped separator leaves two readings", () => {
    // 2024126日 is 2024-01-26 or 2024-12-06
    expect(parseDate("2024126日")).toBeNull();
  });

  it("rejects impossible dates", () => {
    expect(parseDate("2023年2月30日")).toBeNull();
    expect(parseDate("2023-13-01")).toBeNull();
    expect(parseDate("共58件")).toBeNull();
  });

  it("never throws and is deterministic on any string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const a = findDates(s);
        expect(findDates(s)).toEqual(a);
      }),
    );
  });
});

describe("urlDate", () => {
  it.each([
    ["https://tjj.quanzhou.gov.cn/zwgk/zfxxgk/zfxxgknb/202201/t20220114_2684296.htm", "2022-01-14", "day"],
    ["https://www.linping.gov.cn/art/2023/1/29/art_1229709878_72606.html", "2023-01-29", "day"],
    ["http://panjin.gov.cn/html/2588/2022-01-19/content-109635.html", "2022-01-19", "day"],
    ["https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html", "2023-03-31", "day"],
    ["http://example.gov.cn/zfxxgknb/202301/abc.html", "2023-01-01", "month"],
  ])("reads %s", (url, date, precision) => {
    expect(urlDate(url)).toMatchObject({ date, precision });
  });

  it("ignores the epoch default t19700101_", () => {
    expect(urlDate("http://lztj.liuzhou.gov.cn/zwgk/zfxxgknb/t19700101_3215525.shtml")).toBeNull();
  });

  it("does not read the host or post ids as dates", () => {
    expect(urlDate("https://www.haizhu.gov.cn/zwgk/zfxxgknb/jd/content/post_9472698.html")).toBeNull();
  });
});
