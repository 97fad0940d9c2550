// The five real seed pages through the whole reading pipeline, against SPEC §8.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SECTION_KEYS } from "../../shared/domain/keys.ts";
import type { ParsedReport, ReadInput } from "../../shared/domain/report.ts";
import { readReport } from "../../shared/report/read-report.ts";

const SEEDS = path.resolve(import.meta.dirname, "../../../shared/seeds");

// the mirrors the seeds were crawled from (SPEC §5.4 item 29)
const MIRROR_URL: Record<string, string> = {
  "000": "http://www.moonvisionstudio.com/zfjgzy/gzsrmzfbgt/zfxxgknb/bm/2022n/content/post_8780229.html",
  "001": "http://www.ikangji.com/art/2023/1/17/art_1229230631_4134887.html",
};

function seedFile(id: string): string {
  const names: Record<string, string> = {
    "000": "000_e4321a9adb630a3a.txt",
    "001": "001_be91649d0d9c67f4.txt",
    "002": "002_9011374d10fa4802.txt",
    "003": "003_bea9b9c351d2f02a.txt",
    "004": "004_73fd7277be857a29.txt",
  };
  return path.join(SEEDS, names[id] ?? "");
}

async function readSeed(id: string, extra: Partial<ReadInput> = {}): Promise<ParsedReport> {
  const url = MIRROR_URL[id];
  return readReport({
    bytes: new Uint8Array(readFileSync(seedFile(id))),
    contentType: "text/plain; charset=utf-8",
    ...(url ? { url } : {}),
    ...extra,
  });
}

function cellValues(table: object | null): (number | null)[] {
  const out: (number | null)[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === "object" && "kind" in v && "value" in v)
      out.push((v as { value: number | null }).value);
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  walk(table);
  return out;
}

describe("seed 000 — 广州市统计局 2022, traditional mirror copy, image tables", () => {
  it("is a 2022 department report with all six sections and image-only tables", async () => {
    const r = await readSeed("000");
    expect(r).toMatchObject({ kind: "annual-report", year: 2022, agencyType: "department" });
    expect(SECTION_KEYS.every((k) => r.sections[k] !== null)).toBe(true);
    for (const key of ["proactive", "requests", "review"] as const) {
      expect(r.sections[key]).toMatchObject({ text: "", hasTable: false });
      expect(r.tables[key]).toBeNull();
    }
    // no table to read the format from: the year's expected format, and the reader says so
    expect(r).toMatchObject({ format: "2021", formatSource: "year" });
  });

  it("reads the text simplified, without pinyin, and keeps GBK-misaligned level-2 headings in 总体情况", async () => {
    const r = await readSeed("000");
    expect(r.text).toContain("依据《中华人民共和国政府信息公开条例》");
    expect(r.text).not.toContain("(jù)");
    expect(r.sections.overview?.text).toContain("共受理信息公开申请58件");
    expect(r.sections.other?.text).toContain("信息处理费");
    expect(r.damage.map((d) => d.kind)).toEqual(
      expect.arrayContaining(["pinyin-annotation", "gbk-misalignment"]),
    );
  });

  it("has no publication date: no date in the text, and the mirror's URL is no evidence", async () => {
    const r = await readSeed("000");
    expect(r.publishedAt).toBeUndefined();
  });
});

describe("seed 001 — 滨江区统计局 2022, tables flattened with |", () => {
  it("is a 2021-format department report, format read from the table signature", async () => {
    const r = await readSeed("001");
    expect(r).toMatchObject({
      kind: "annual-report",
      year: 2022,
      agencyType: "department",
      agency: "滨江区统计局",
    });
    expect(r).toMatchObject({ format: "2021", formatSource: "signature" });
    expect(SECTION_KEYS.every((k) => r.sections[k] !== null)).toBe(true);
    expect(r.sections.overview?.text).toMatch(/[（(]一[）)]主动公开政府信息情况/);
  });

  it("extracts Table 2 (规章 0/0/0, 行政规范性文件 0/0/1), Table 3 (all 0) and Table 4 (15 zeros)", async () => {
    const r = await readSeed("001");
    const proactive = r.tables.proactive?.cells;
    expect([proactive?.regulations?.issued?.value, proactive?.regulations?.inForce?.value]).toEqual([0, 0]);
    expect(proactive?.normativeDocuments?.inForce?.value).toBe(1);
    const requests = cellValues(r.tables.requests?.cells ?? null);
    expect(requests).toHaveLength(25 * 7);
    expect(requests.every((v) => v === 0)).toBe(true);
    const review = cellValues(r.tables.review);
    expect(review).toEqual(new Array(15).fill(0));
  });

  it("notes the mojibake fragment in 三审三校", async () => {
    const r = await readSeed("001");
    expect(r.damage.some((d) => d.kind === "gbk-misalignment" && d.sample.includes("三"))).toBe(true);
  });

  it("never dates a report from a mirror, even with the mirror's /art/Y/M/D/ URL", async () => {
    expect((await readSeed("001")).publishedAt).toBeUndefined();
    const official = await readSeed("001", { officialHosts: ["www.hhtz.gov.cn"] });
    expect(official.publishedAt).toBeUndefined();
  });
});

describe("seed 002 — 泸州市统计局 2017, old regime", () => {
  it("is a 2017 report in the 2008 structure covering all six Art. 32 topics", async () => {
    const r = await readSeed("002");
    expect(r).toMatchObject({ kind: "annual-report", year: 2017, format: "2008", agency: "泸州市统计局" });
    expect(r.title).toBe("泸州市统计局2017年政府信息公开工作年度报告");
    expect(r.yearEvidence.map((e) => e.source)).toEqual(["period", "title", "text"]);
    expect(Object.values(r.legacyTopics ?? {})).toHaveLength(6);
    expect(Object.values(r.legacyTopics ?? {}).every(Boolean)).toBe(true);
    expect(r.publishedAt).toBeUndefined();
  });
});

describe("seed 003 — 樟树市统计局 2023 work plan", () => {
  it("is not an annual report, and says why", async () => {
    const r = await readSeed("003");
    expect(r.kind).toBe("not-annual-report");
    expect(r.lookAlike?.type).toBe("work-plan");
    expect(r.lookAlike?.cues.join(" ")).toMatch(/牵头/);
    expect(SECTION_KEYS.every((k) => r.sections[k] === null)).toBe(true);
  });
});

describe("seed 004 — 句容市统计局 2020, image tables, legacy intro", () => {
  it("is a 2020 department report; section look-alikes inside 总体情况 do not open sections", async () => {
    const r = await readSeed("004");
    expect(r).toMatchObject({
      kind: "annual-report",
      year: 2020,
      agencyType: "department",
      agency: "句容市统计局",
    });
    expect(r).toMatchObject({ format: "2019", formatSource: "year" });
    expect(r.sections.overview?.text).toMatch(/[（(]二[）)]、主动公开政府信息情况/);
    expect(r.sections.overview?.text).toMatch(/[（(]四[）)]、申请行政复议和提起行政诉讼情况/);
    for (const key of ["proactive", "requests", "review"] as const) {
      expect(r.sections[key]).toMatchObject({ text: "", hasTable: false });
      expect(r.tables[key]).toBeNull();
    }
    expect(r.sections.other?.text).toBe("无");
  });

  it("lists the intro's legacy six-part structure", async () => {
    const r = await readSeed("004");
    expect(r.introParts).toHaveLength(6);
    expect(r.introParts).toContain("咨询和投诉情况");
    expect(r.yearEvidence[0]).toMatchObject({ source: "period", year: 2020 });
  });

  it("takes the registry's agency type over its own inference", async () => {
    expect((await readSeed("004", { agencyType: "township" })).agencyType).toBe("township");
  });
});
