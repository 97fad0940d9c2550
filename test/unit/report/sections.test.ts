import { describe, expect, it } from "vitest";
import type { Block } from "../../../shared/domain/report.ts";
import { findIntroParts, findSections } from "../../../shared/report/sections.ts";

const text = (line: string): Block => ({ kind: "text", text: line, raw: line });
const lines = (s: string): Block[] => s.trim().split("\n").map(text);

// The structure of seed 004 (句容市统计局 2020), simplified: level-2 look-alikes inside 总体情况
const SEED_004_LIKE = lines(`
一、总体情况
根据《中华人民共和国政府信息公开条例》，特向社会公布2020年度句容市统计局信息公开工作报告。本报告由概述、主动公开政府信息情况、咨询和投诉情况、行政复议和行政诉讼情况、工作存在的主要问题及改进情况、其他事项共六个部分组成。
(一)、概述
2020年，句容市统计局认真贯彻《条例》。
(二)、主动公开政府信息情况
通过政府门户网站主动公开政务信息108条。
(三)、依申请公开情况
本年度无依申请公开案件。
(四)、申请行政复议和提起行政诉讼情况
本年度无行政复议、行政诉讼案件。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
一是政府信息公开意识需要进一步深化。
六、其他需要报告的事项
无
`);

describe("findSections", () => {
  it("opens sections only at level-1 numbering; （一）/(一)、 look-alikes stay in 总体情况 (seed 004)", () => {
    const split = findSections(SEED_004_LIKE);
    expect(split.levelOneHeadings).toHaveLength(6);
    expect(split.sections.overview?.text).toContain("(二)、主动公开政府信息情况");
    expect(split.sections.overview?.text).toContain("(四)、申请行政复议和提起行政诉讼情况");
    expect(split.sections.proactive?.heading).toBe("二、主动公开政府信息情况");
    expect(split.sections.review?.heading).toBe("四、政府信息公开行政复议、行政诉讼情况");
  });

  it("reports a heading with an empty body as present, empty and table-less (image tables)", () => {
    const { sections } = findSections(SEED_004_LIKE);
    for (const key of ["proactive", "requests", "review"] as const) {
      expect(sections[key]).toMatchObject({ text: "", hasTable: false, hasImage: false });
    }
    expect(sections.other?.text).toBe("无");
    expect(sections.problems?.index).toBe(4);
  });

  it("lists the intro's parts as printed (legacy six-part structure of seed 004)", () => {
    expect(findSections(SEED_004_LIKE).introParts).toEqual([
      "概述",
      "主动公开政府信息情况",
      "咨询和投诉情况",
      "行政复议和行政诉讼情况",
      "工作存在的主要问题及改进情况",
      "其他事项",
    ]);
  });

  it("accepts headings printed with a trailing 。 and attaches each table to its section (seed 001)", () => {
    const blocks: Block[] = [
      text("一、总体情况。"),
      text("(一)主动公开政府信息情况"),
      text("2022年共主动公开各类政府信息100条。"),
      text("二、主动公开政府信息情况"),
      { kind: "table", source: "pipe-text", rows: [["规章", "0", "0", "0"]] },
      text("三、收到和处理政府信息公开申请情况"),
      { kind: "table", source: "pipe-text", rows: [["一、本年新收政府信息公开申请数量", "0"]] },
      { kind: "table", source: "pipe-text", rows: [["四、结转下年度继续办理", "0"]] },
      text("四、政府信息公开行政复议、行政诉讼情况"),
      { kind: "image", src: "t4.png" },
      text("五、存在的主要问题及改进情况。"),
      text("3、持续加强信息公开业务学习，提升依申请公开等意识形态领域的工作能力。"),
      text("六、其他需要报告的事项。"),
      text("本年度未以任何形式收取信息处理费。"),
    ];
    const { sections, tables } = findSections(blocks);
    expect(sections.overview?.text).toContain("(一)主动公开政府信息情况");
    expect(sections.proactive?.hasTable).toBe(true);
    expect(tables.requests).toHaveLength(2);
    expect(tables.proactive[0]?.[0]?.[0]).toBe("规章");
    expect(sections.review).toMatchObject({ hasTable: false, hasImage: true });
    // a numbered list item mentioning 依申请公开 inside 五 is not section 三
    expect(sections.requests?.heading).toBe("三、收到和处理政府信息公开申请情况");
    expect(sections.problems?.text).toContain("3、持续加强");
  });

  it("does not let a GBK-misaligned level-2 heading open a section (seed 000)", () => {
    const split = findSections(
      lines(`
一、总体情况
2022年，我局坚持以习近平新时代中国特色社会主义思想为指导。
?。ㄒ唬┲鲃庸_情况
一是着眼助力经济平稳发展。
?。ǘ┮郎暾埞_情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
`),
    );
    expect(split.levelOneHeadings).toEqual([
      "一、总体情况",
      "二、主动公开政府信息情况",
      "三、收到和处理政府信息公开申请情况",
    ]);
    expect(split.sections.overview?.text).toContain("一是着眼");
  });

  it("ignores a restarted numbered list inside a section", () => {
    const split = findSections(
      lines(`
一、总体情况
概况。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
一、主动公开不够及时
二、改进措施
六、其他需要报告的事项
无
`),
    );
    expect(split.levelOneHeadings).toHaveLength(6);
    expect(split.sections.problems?.text).toContain("一、主动公开不够及时");
    expect(split.sections.other?.text).toBe("无");
  });

  it("is not misled by Table 3 row labels flattened one cell per line", () => {
    const split = findSections(
      lines(`
一、总体情况
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
0
三、本年度办理结果
四、结转下年度继续办理
0
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
`),
    );
    expect(split.sections.review?.heading).toBe("四、政府信息公开行政复议、行政诉讼情况");
    expect(split.sections.requests?.text).toContain("四、结转下年度继续办理");
  });

  it("keeps sections printed out of order, with their positions, for the order check", () => {
    const split = findSections(
      lines(`
一、总体情况
三、收到和处理政府信息公开申请情况
二、主动公开政府信息情况
四、政府信息公开行政复议、行政诉讼情况
`),
    );
    expect(split.sections.requests?.index).toBe(1);
    expect(split.sections.proactive?.index).toBe(2);
    expect(split.sections.review?.index).toBe(3);
  });

  it("uses Arabic level-1 numbering when the report has no Chinese numbering (正阳 2023)", () => {
    const split = findSections(
      lines(`
1、 总体情况
本年度工作概况。
2、主动公开政府信息情况
3、收到和处理政府信息公开申请情况
4、政府信息公开行政复议、行政诉讼情况
5、存在的主要问题和改进措施
6、其他需要汇报事项
`),
    );
    expect(Object.values(split.sections).every((s) => s !== null)).toBe(true);
    expect(split.sections.other?.heading).toBe("6、其他需要汇报事项");
  });

  it("finds no sections in a work plan whose headings are tasks (seed 003)", () => {
    const split = findSections(
      lines(`
一、服务经济高质量发展，不断完善政务公开内容
(一)深化统计数据公开。(牵头股室：综合股，责任股室：各相关股室)
二、围绕服务型统计建设，不断深化全流程公开
三、统筹政务公开平台建设，不断丰富公开方式
四、强化工作保障，不断提升公开能力水平
附件：
`),
    );
    expect(Object.values(split.sections).filter((s) => s !== null)).toHaveLength(0);
    expect(split.levelOneHeadings).toHaveLength(4);
  });

  it("never throws on malformed blocks", () => {
    const bad = [{ kind: "text" }, { kind: "table" }, null] as unknown as Block[];
    expect(() => findSections(bad.filter(Boolean))).not.toThrow();
  });
});

describe("findIntroParts", () => {
  it("splits on commas when list items contain 、 (seed 002's four parts)", () => {
    const parts = findIntroParts([
      "全文包括政府信息公开工作推进情况(含概述、政府信息主动公开情况、其他事项),贯彻落实2017年政务公开工作要点情况,人大代表建议和政协委员提案办理结果公开情况,推进重大建设项目批准和实施领域、公共资源配置领域政府信息公开情况等四个部分。",
    ]);
    expect(parts).toHaveLength(4);
    expect(parts?.[3]).toBe("推进重大建设项目批准和实施领域、公共资源配置领域政府信息公开情况");
  });
});
