import { describe, expect, it } from "vitest";
import { isOfficialUrl } from "../../../shared/report/hosts.ts";
import {
  agencyFromText,
  agencyFromTitle,
  extractTitle,
  findPublicationEvidence,
  findYearEvidence,
  inferAgencyType,
  isFullYearPeriod,
} from "../../../shared/report/metadata.ts";

describe("title and agency", () => {
  it("prefers a page title naming a report, without the site name", () => {
    expect(extractTitle("柳州市统计局2022年政府信息公开工作年度报告_柳州市统计局", [])).toBe(
      "柳州市统计局2022年政府信息公开工作年度报告",
    );
  });

  it("joins a PDF title printed over two lines (章丘)", () => {
    expect(
      extractTitle(undefined, [
        "济南市章丘区文化和旅游局",
        "2023 年政府信息公开工作年度报告",
        "一、总体情况",
      ]),
    ).toBe("济南市章丘区文化和旅游局2023年政府信息公开工作年度报告");
  });

  it.each([
    ["广州市番禺区统计局2021年政府信息公开工作年度报告", "广州市番禺区统计局"],
    ["2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"],
    ["盘锦市统计局2021年度政府信息公开工作报告", "盘锦市统计局"],
    ["2021年度雨山区统计局信息公开工作报告", "雨山区统计局"],
    ["2022年上海市政府信息公开工作年度报告", "上海市"],
  ])("reads the agency of %s", (title, agency) => {
    expect(agencyFromTitle(title)).toBe(agency);
  });

  it("reads the agency from the body when there is no title (seeds 001, 004)", () => {
    expect(agencyFromText("2022年，滨江区统计局坚持以习近平新时代中国特色社会主义思想为指导")).toBe(
      "滨江区统计局",
    );
    expect(agencyFromText("特向社会公布2020年度句容市统计局信息公开工作报告。")).toBe("句容市统计局");
    expect(agencyFromText("2022年，本局办公室认真落实《条例》。")).toBeUndefined();
  });

  it.each([
    ["句容市统计局", "department"],
    ["上海市人民政府办公厅", "department"],
    ["上海市", "government"],
    ["昭通市人民政府", "government"],
    ["正阳街道办事处", "township"],
    ["某某镇人民政府", "township"],
  ] as const)("classes %s as %s (SPEC §1.4.2)", (agency, type) => {
    expect(inferAgencyType(agency, "")).toBe(type);
  });

  it("falls back on how the text names itself (我局 → department, seed 000)", () => {
    expect(inferAgencyType(undefined, "2022年，我局坚持…")).toBe("department");
  });
});

describe("year evidence", () => {
  it("keeps the period, title and first-sentence years, in that order", () => {
    const ev = findYearEvidence(
      "句容市统计局2020年政府信息公开工作年度报告",
      "一、总体情况\n本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n2020年，句容市统计局认真贯彻。",
    );
    expect(ev.map((e) => [e.source, e.year])).toEqual([
      ["period", 2020],
      ["title", 2020],
      ["text", 2020],
    ]);
  });

  it("reads the period even when digits were dropped (SPEC §1.6)", () => {
    const ev = findYearEvidence(undefined, "统计期限自202111日起至20211231日止。");
    expect(ev[0]).toMatchObject({ source: "period", year: 2021 });
    expect(isFullYearPeriod("统计期限自202111日起至20211231日止。")).toBe(true);
    expect(isFullYearPeriod("统计期限自2022年1月1日起至2022年6月30日止")).toBe(false);
  });
});

describe("publication evidence (SPEC §1.5)", () => {
  const meta = { 发布日期: "2023-01-13 15:20", 成文日期: "2023-01-10" };

  it("uses page metadata of an official host; 成文日期 is only a lower bound", () => {
    const ev = findPublicationEvidence(
      meta,
      "http://tjj.xiangyang.gov.cn/zwgk/gknb/202301/t20230120_1.shtml",
      "",
      ["tjj.xiangyang.gov.cn"],
    );
    expect(ev).toMatchObject({
      publishedAt: "2023-01-13",
      publishedAtSource: "page-meta",
      signedAt: "2023-01-10",
    });
  });

  it("falls back on URL tokens", () => {
    const ev = findPublicationEvidence(
      {},
      "https://www.linping.gov.cn/art/2023/1/29/art_1.html",
      "",
      undefined,
    );
    expect(ev).toMatchObject({ publishedAt: "2023-01-29", publishedAtSource: "url" });
  });

  it("never takes a date from a mirror (seed 001's ikangji.com copy)", () => {
    const mirror = "http://www.ikangji.com/art/2023/1/17/art_1229230631_4134887.html";
    expect(findPublicationEvidence(meta, mirror, "", undefined).publishedAt).toBeUndefined();
    expect(findPublicationEvidence(meta, mirror, "", ["tjj.hhtz.gov.cn"]).publishedAt).toBeUndefined();
  });

  it("takes the signature date as signedAt, never as publishedAt", () => {
    const ev = findPublicationEvidence({}, undefined, "……\n泸州市统计局\n2018年3月25日", undefined);
    expect(ev.publishedAt).toBeUndefined();
    expect(ev.signedAt).toBe("2018-03-25");
  });

  it("treats the Big5 gateway as its original host", () => {
    expect(
      isOfficialUrl("http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2016-06-13/content_5081471.htm", [
        "www.gov.cn",
      ]),
    ).toBe(true);
  });
});
