import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normaliseLine, normaliseText, stripPinyinAnnotations } from "../../../shared/text/normalise.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const seed = (prefix: string): string => {
  const dir = path.resolve(repoRoot, "../shared/seeds");
  const names = ["000_e4321a9adb630a3a", "001_be91649d0d9c67f4", "004_73fd7277be857a29"];
  const name = names.find((n) => n.startsWith(prefix));
  return readFileSync(path.join(dir, `${name}.txt`), "utf8");
};

describe("normaliseText on the seeds", () => {
  it("seed 001: traditional table labels and headings become the simplified official wording", () => {
    const { text } = normaliseText(seed("001"));
    const lines = text.split("\n");
    expect(lines).toContain("二、主动公开政府信息情况");
    expect(lines).toContain("（一）主动公开政府信息情况");
    expect(text).toContain("行政规范性文件 | 0 | 0 | 1 |");
    expect(text).toContain("复议后起诉");
    expect(text).toContain("（七）总计");
    expect(text).toContain("第二十条第（一）项");
    expect(text).not.toMatch(/[總規範複議開報]/);
  });

  it("seed 001: keeps one output line per input line and reports the mojibake fragment", () => {
    const raw = seed("001");
    const { text, damage } = normaliseText(raw);
    expect(text.split("\n")).toHaveLength(raw.split("\n").length);
    expect(damage).toContainEqual(expect.objectContaining({ kind: "gbk-misalignment" }));
    expect(damage.find((d) => d.kind === "gbk-misalignment")?.sample).toContain("三審三");
  });

  it("seed 000: pinyin annotations are gone and the legal intro reads normally", () => {
    const { text, damage } = normaliseText(seed("000"));
    expect(text).toContain("依据《中华人民共和国政府信息公开条例》");
    expect(text).toContain("习近平新时代");
    expect(text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)|（[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+）/);
    expect(damage.some((d) => d.kind === "pinyin-annotation" && d.sample.includes("據(jù)"))).toBe(true);
  });

  it("seed 000: misaligned level-2 headings come back as readable headings", () => {
    const lines = normaliseText(seed("000")).text.split("\n");
    expect(lines).toContain("（四）平台建设情况");
    expect(lines.some((l) => l.startsWith("（一）主动"))).toBe(true);
    expect(lines.some((l) => l.startsWith("（二）依申请"))).toBe(true);
    expect(lines.some((l) => l.startsWith("（三）") && l.endsWith("管理情况"))).toBe(true);
    expect(lines.filter((l) => /[\u3105-\u312f\u2500-\u257f]/.test(l))).toEqual([]);
  });

  it("seed 004: already-clean structure survives with the bracket convention", () => {
    const lines = normaliseText(seed("004")).text.split("\n");
    expect(lines).toContain("六、其他需要报告的事项");
    expect(lines).toContain("（四）、申请行政复议和提起行政诉讼情况");
  });

  it("normaliseLine gives the same result as the corresponding line of normaliseText", () => {
    for (const prefix of ["000", "001", "004"]) {
      const raw = seed(prefix).split("\n");
      const whole = normaliseText(raw.join("\n")).text.split("\n");
      expect(raw.map(normaliseLine)).toEqual(whole);
    }
  });
});

describe("converter vocabulary back-map", () => {
  it.each([
    ["規範性檔案", "规范性文件"],
    ["除行政許可證以外的", "除行政许可以外的"],
    ["行政規范性文件", "行政规范性文件"],
    ["總計", "总计"],
    ["復議后起訴", "复议后起诉"],
    ["關於印發", "关于印发"],
    ["甚麼", "什么"],
    ["政府資訊公開", "政府信息公开"],
    ["著力推進", "着力推进"],
    ["成效顯著，著眼長遠", "成效显著，着眼长远"],
    ["於2023年1月發佈", "于2023年1月发布"],
    ["復議後起訴", "复议后起诉"],
    ["主動公開政府資訊", "主动公开政府信息"],
  ])("%s → %s", (raw, expected) => {
    expect(normaliseLine(raw)).toBe(expected);
  });
});

describe("simplified input", () => {
  it("is left as written (no Taiwan-style rewrites of mainland words)", () => {
    const line = "本年度工作成效显著，著作权登记、干部培训、后续整改均已完成。";
    expect(normaliseLine(line)).toBe(line);
  });
});

describe("width and whitespace convention", () => {
  it("makes digits and Latin letters half-width and brackets full-width", () => {
    expect(normaliseLine("第二十条第(一)项")).toBe("第二十条第（一）项");
    expect(normaliseLine("（２０２２）年　ＡＢＣ")).toBe("（2022）年 ABC");
    expect(normaliseLine("(一)、概述")).toBe(normaliseLine("（一）、概述"));
  });

  it("keeps number separators but uses Chinese punctuation in prose", () => {
    expect(normaliseLine("收费金额:1,036元,时间10:30")).toBe("收费金额：1,036元，时间10:30");
    expect(normaliseLine("网址为:http://tjj.gz.gov.cn/")).toBe("网址为：http://tjj.gz.gov.cn/");
  });

  it("collapses all kinds of whitespace and removes invisible characters", () => {
    expect(normaliseLine("\u3000\u3000一、\u00a0总体\t\t情况\u200b ")).toBe("一、 总体 情况");
    expect(normaliseLine("   ")).toBe("");
  });
});

describe("stripPinyinAnnotations", () => {
  it.each([
    ["依據(jù)《條例》", "依據《條例》"],
    ["國辦公(gong)開辦函", "國辦公開辦函"],
    ["關(guān)於", "關於"],
    ["發(fā)布（fā）", "發布"],
    ["綠(lǜ)色", "綠色"],
  ])("strips %s", (raw, expected) => {
    expect(stripPinyinAnnotations(raw)).toBe(expected);
  });

  it.each([
    "报告全文(PDF)",
    "附件(doc)",
    "移动端(app)",
    "官网(gov)",
    "report (ju) draft",
    "备案号（ICP）",
    "（一）予以公开",
  ])("keeps %s", (text) => {
    expect(stripPinyinAnnotations(text)).toBe(text);
  });
});

describe("damage detection", () => {
  const kinds = (raw: string) => normaliseText(raw).damage.map((d) => d.kind);

  it.each([
    "统计期限自202111日起至20211231日止",
    "自20221月1日起施行",
    "于2024126日发布",
    "国办公开办函〔202130号",
  ])("flags dropped digits in %s", (raw) => {
    expect(kinds(raw)).toContain("dropped-digits");
  });

  it("does not flag well-formed dates", () => {
    expect(kinds("自2021年1月1日起至2021年12月31日止，国办公开办函〔2021〕30号")).toEqual([]);
  });

  it("counts replacement characters and bounds the samples", () => {
    const raw = Array.from({ length: 50 }, (_, i) => `第${i}行\ufffd\ufffd`).join("\n");
    const damage = normaliseText(raw).damage;
    expect(damage.filter((d) => d.kind === "replacement-chars").length).toBeGreaterThan(0);
    expect(damage.length).toBeLessThanOrEqual(25);
  });

  it("flags double mojibake", () => {
    expect(kinds("闂備礁缍婂ḿ褔婀遍崑鎾绘煥閻曞倹瀚")).toContain("double-mojibake");
  });
});
