import { describe, expect, it } from "vitest";
import { classifyDocument, detectFormat } from "../../../shared/report/classify.ts";
import { readReport } from "../../../shared/report/read-report.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";

const base = {
  text: "",
  sectionsFound: 0,
  sectionsInOrder: false,
  hasTableSignature: false,
  fullYearPeriod: false,
};

describe("classifyDocument", () => {
  it("accepts a report with the six standard sections and no title (seed 000)", () => {
    const c = classifyDocument({
      ...base,
      text: "依据《中华人民共和国政府信息公开条例》第五十条之规定和《…年度报告格式》要求，制作本报告。\n一、总体情况",
      sectionsFound: 6,
      sectionsInOrder: true,
    });
    expect(c.kind).toBe("annual-report");
    expect(c.lookAlike).toBeUndefined();
  });

  it("recognises a work plan by its task assignments even though it mentions the annual report (seed 003)", () => {
    const text = [
      "2023年，樟树市统计局政务公开工作要认真落实《中华人民共和国政府信息公开条例》。",
      "一、服务经济高质量发展，不断完善政务公开内容",
      "(一)深化统计数据公开。(牵头股室：综合股，责任股室：各相关股室)",
      "(四)深化常规工作公开。及时发布政府信息公开年度报告等。(牵头股室：办公室，责任股室：各相关股室)",
      "附件：",
    ].join("\n");
    const c = classifyDocument({ ...base, text });
    expect(c.kind).toBe("not-annual-report");
    expect(c.lookAlike?.type).toBe("work-plan");
    expect(c.lookAlike?.cues.join(" ")).toMatch(/牵头/);
  });

  it.each([
    ["文字解读：大明湖街道2022年政府信息公开工作年度报告", "interpretation"],
    ["石狮市2023年政府信息公开工作年度报告公布情况", "status"],
    ["关于做好2021年政府信息公开工作年度报告编制发布工作的通知", "notice"],
    ["关于印发2023年樟树市政务公开工作要点的通知", "notice"],
    ["固镇县召开政府信息公开工作年报编制和发布部署会", "news"],
    ["蚌埠市2019年政务公开工作总结", "summary"],
    ["2022年上半年政府信息公开数据统计", "half-year"],
    ["某某区2022年法治政府建设年度报告", "other-annual-report"],
  ])("names the look-alike from the title %s", (title, type) => {
    const c = classifyDocument({ ...base, title, sectionsFound: 6, sectionsInOrder: true });
    expect(c.kind).toBe("not-annual-report");
    expect(c.lookAlike?.type).toBe(type);
  });

  it("accepts an old-regime report by title, intro and statistics period (seed 002)", () => {
    const c = classifyDocument({
      ...base,
      title: "泸州市统计局2017年政府信息公开工作年度报告",
      text: "本报告根据《中华人民共和国政府信息公开条例》规定编制。报告中所列数据统计期限为2017年1月1日至2017年12月31日。",
      fullYearPeriod: true,
      sectionsFound: 1,
    });
    expect(c.kind).toBe("annual-report");
  });

  it("names a withdrawn article's page as such, from its site template, even under a report's title", async () => {
    const nav = Array.from({ length: 40 }, (_, i) => `<li><a href="/c${i}/">栏目${i}</a></li>`).join("");
    const html =
      `<html><head><meta charset="utf-8"><title>襄阳市审计局</title></head><body><ul class="nav">${nav}</ul>` +
      `<div class="content"><p>对不起，该信息已删除！</p><p><a href="/">返回首页</a></p></div>` +
      `<div class="footer">主办：襄阳市审计局 地址：襄阳市 电话：0710-0000000 ${"版权所有".repeat(50)}</div></body></html>`;
    const report = await readReport({
      bytes: new TextEncoder().encode(html),
      linkText: "襄阳市审计局2023年度政府信息公开工作年度报告",
    });
    expect(report).toMatchObject({ kind: "not-annual-report", lookAlike: { type: "withdrawn" } });
    const [finding] = runChecks({ ...report, year: 2023 });
    expect(finding?.message).toContain("已删除或不存在的页面");
  });

  it("does not take a report for a withdrawn page when it says 不存在 of a request", () => {
    const c = classifyDocument({
      ...base,
      title: "某局2023年政府信息公开工作年度报告",
      text: "根据《条例》编制本报告。申请公开的信息不存在或已删除的，依法告知申请人。",
      sectionsFound: 6,
      sectionsInOrder: true,
      hasTableSignature: true,
    });
    expect(c.kind).toBe("annual-report");
  });

  it("rejects text without any annual-report cue", () => {
    const c = classifyDocument({ ...base, text: "今天天气很好。" });
    expect(c).toMatchObject({ kind: "not-annual-report", lookAlike: { type: "unrelated" } });
  });
});

describe("detectFormat", () => {
  it("reads the 2021 format from Table 2's columns (SPEC §3.7)", () => {
    const grids = [
      [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
      ],
    ];
    expect(detectFormat("", grids, { year: 2019 })).toMatchObject({ format: "2021", source: "signature" });
  });

  it("reads the 2019 format from its columns or from a single （六）其他处理 row", () => {
    expect(detectFormat("信息内容 | 本年新制作数量 | 本年新公开数量", []).format).toBe("2019");
    const grids = [
      [
        ["(六)其他处理", "0", "0", "0", "0", "0", "0", "0"],
        ["(七)总计", "0", "0", "0", "0", "0", "0", "0"],
      ],
    ];
    expect(detectFormat("", grids)).toMatchObject({ format: "2019", source: "signature" });
  });

  it("tolerates PDF-split labels", () => {
    expect(detectFormat("信息内容 本年 制发 件数 本年 废止件数", []).format).toBe("2021");
  });

  it("falls back to the format expected for the year, and says so, when tables are images (seeds 000, 004)", () => {
    expect(detectFormat("二、主动公开政府信息情况", [], { year: 2022 })).toMatchObject({
      format: "2021",
      source: "year",
    });
    expect(detectFormat("二、主动公开政府信息情况", [], { year: 2020 })).toMatchObject({
      format: "2019",
      source: "year",
    });
    expect(detectFormat("", [], { year: 2017 })).toMatchObject({ format: "2008", source: "year" });
  });

  it("uses the old structure when the year is unknown, else says unknown", () => {
    expect(detectFormat("", [], { oldStructure: true })).toMatchObject({
      format: "2008",
      source: "structure",
    });
    expect(detectFormat("", [])).toMatchObject({ format: "unknown", source: "none" });
  });
});
