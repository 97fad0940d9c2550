// The e-mails as an office reads them: the HTML part, decoded from the sent MIME message the way a mail
// client decodes it, rendered by a real browser engine (headless Chromium) at a narrow width. What counts
// is what shows: every fact in Chinese, long report addresses wrapped instead of pushing the page
// sideways, nothing loaded from anywhere.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectDigest,
  renderAlertEmail,
  renderDigestEmail,
  weekContaining,
} from "../../shared/mail/index.ts";
import type { StoredFinding } from "../../shared/store/finding-items.ts";
import { CHROMIUM, type Rendered, render } from "./helpers/chromium-render.ts";
import { decodeMime } from "./helpers/mime-decode.ts";

/**
 * Every fact shows, without a replacement character; each long address is all there and clickable but
 * wrapped, so the reader never scrolls sideways; and nothing is loaded (mail clients block it anyway).
 */
function expectReadable(seen: Rendered, facts: string[], links: string[]): void {
  for (const fact of facts) expect(seen.text).toContain(fact);
  expect(seen.text).not.toContain("\uFFFD");
  for (const link of links) expect(seen.text.replace(/\s+/g, "")).toContain(link);
  expect(seen.links).toEqual(links);
  expect(
    seen.scrollWidth,
    `${seen.scrollWidth}px of content in a ${seen.innerWidth}px window`,
  ).toBeLessThanOrEqual(seen.innerWidth);
  expect(seen.loads).toEqual([]);
}

function htmlOf(raw: string): string {
  const part = decodeMime(raw).parts.find((p) =>
    (p.headers.get("content-type") ?? "").startsWith("text/html"),
  );
  if (!part) throw new Error("no HTML alternative");
  return part.body;
}

describe.skipIf(!CHROMIUM)("the e-mails in a browser engine", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gdm-mail-render-"));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows every fact in Chinese, wraps a long report address, and loads nothing", async () => {
    const reportUrl =
      "http://www.xiangyang.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240115_3021877_shijutongjijuzhengfuxinxigongkaigongzuoniandubaogao.shtml";
    const email = renderAlertEmail({
      office: { id: "xy-zwgk", name: "襄阳市政务公开办公室", emails: ["zwgk@example.gov.cn"] },
      bureau: { id: "xy-sjj", name: "襄阳市审计局" },
      finding: {
        rule: "table-arithmetic",
        severity: "error",
        message: "第三部分表格“本年新收政府信息公开申请数量”的总计（125）不等于各列之和（120）",
        evidence: { relation: "row-total", expected: 120, actual: 125, url: reportUrl },
        key: "requests.newReceived.total",
        year: 2023,
      },
      reportUrl,
      date: new Date("2024-02-06T00:00:00Z"),
    });
    // What was sent, decoded as a mail client does: the HTML alternative.
    const seen = await render(htmlOf(email.raw), dir);
    expectReadable(
      seen,
      [
        "襄阳市政务公开办公室",
        "襄阳市审计局",
        "2023",
        "本年新收政府信息公开申请数量",
        "125",
        "120",
        "此邮件由政府信息公开工作年度报告监测系统自动发送",
      ],
      [reportUrl],
    );
  }, 90_000);

  it("the weekly digest shows its summary and every entry, wrapped, loading nothing", async () => {
    const longUrl =
      "http://www.xiangyang.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240115_3021877_shijutongjijuzhengfuxinxigongkaigongzuoniandubaogao.shtml";
    const at = "2026-12-01T02:00:00.000Z";
    const base = {
      officeId: "xy-zwgk",
      year: 2025,
      scope: "report",
      status: "open" as const,
      firstSeen: at,
      lastSeen: at,
      occurrence: 1,
    };
    const findings: StoredFinding[] = [
      {
        ...base,
        bureauId: "xy-sjj",
        rule: "table-arithmetic",
        key: "a",
        severity: "error",
        sk: "a",
        message: "第三部分表格“本年新收政府信息公开申请数量”的总计（125）不等于各列之和（120）",
        evidence: { url: longUrl },
      },
      {
        ...base,
        bureauId: "xy-tjj",
        rule: "site-unreachable",
        key: "b",
        severity: "warning",
        sk: "b",
        year: 0,
        message: "网站连续两次无法访问",
        evidence: {},
      },
    ];
    const office = { id: "xy-zwgk", name: "襄阳市政务公开办公室", emails: ["zwgk@example.gov.cn"] };
    const checked = {
      crawl: "ok" as const,
      judged: true,
      pendingYears: [],
      unjudgedYears: [],
      errors: [],
      since: "2026-12-01T01:00:00.000Z",
    };
    const content = collectDigest({
      office,
      bureaus: [
        { id: "xy-sjj", name: "襄阳市审计局", supervisor: "xy-zwgk" },
        { id: "xy-tjj", name: "襄阳市统计局", supervisor: "xy-zwgk" },
        { id: "xy-jyj", name: "襄阳市教育局", supervisor: "xy-zwgk" },
        { id: "xy-mzj", name: "襄阳市民政局", supervisor: "xy-zwgk" },
        { id: "xy-cgj", name: "襄阳市城市管理执法委员会", supervisor: "xy-zwgk" },
      ],
      findings,
      // 教育局's 2022 report could not be fetched; 城管委's revised report is barred by robots.txt (every
      // year judged); 民政局 was added to the registry after the last cycle.
      coverage: new Map([
        ["xy-sjj", { ...checked, since: "2026-11-02T01:00:00.000Z" }],
        ["xy-tjj", { ...checked, crawl: "unreachable" as const, judged: false }],
        [
          "xy-jyj",
          {
            ...checked,
            crawl: "partial" as const,
            unjudgedYears: [2022],
            errors: [`report ${longUrl}: HTTP 404`],
          },
        ],
        [
          "xy-cgj",
          {
            ...checked,
            crawl: "partial" as const,
            errors: ["report http://cgw.example/bak/1.html: disallowed by robots.txt"],
          },
        ],
      ]),
      week: weekContaining("2026-11-30"),
      asOf: new Date("2026-12-07T00:00:00Z"),
    });
    const email = renderDigestEmail(content, { from: { address: "monitor@example.gov.cn" } });
    const seen = await render(htmlOf(email.raw), dir, "digest.html");
    expectReadable(
      seen,
      [
        "襄阳市政务公开办公室",
        "2026-11-30至2026-12-06",
        "本周新发现问题",
        "2 条（错误 1 条，警告 1 条）",
        "襄阳市审计局",
        "本年新收政府信息公开申请数量",
        "三、网站无法访问的单位",
        "襄阳市统计局",
        "四、未能全部核查的单位",
        "襄阳市教育局：2022年度报告无法获取或读取，未判断是否缺失（自 2026-12-01 起）",
        "襄阳市民政局：尚未完成首次监测",
        "襄阳市城市管理执法委员会：部分页面或文件无法获取或读取，其内容未核查",
        "未能全部核查",
        "五、未整改问题（按单位）",
      ],
      [longUrl],
    );
  }, 90_000);
});
