import { describe, expect, it } from "vitest";
import type { Office } from "../../../shared/domain/registry.ts";
import { collectDigest, weekContaining } from "../../../shared/mail/digest-content.ts";
import { DIGEST_LIST_LIMIT, renderDigestEmail } from "../../../shared/mail/digest-email.ts";
import type { StoredFinding } from "../../../shared/store/finding-items.ts";
import { decodeMime } from "../../integration/helpers/mime-decode.ts";

const office: Office = {
  id: "nj-zwgk",
  name: "南京市政务公开办",
  emails: ["a@example.gov.cn", "b@example.gov.cn"],
};
const from = { name: "年报监测", address: "monitor@example.gov.cn" };
const inWeek = "2026-12-01T02:00:00.000Z";
const asOf = new Date("2026-12-07T00:00:00Z");

function finding(i: number, over: Partial<StoredFinding> = {}): StoredFinding {
  return {
    bureauId: `b${i}`,
    officeId: office.id,
    year: 2025,
    rule: "late-publication",
    key: `k${i}`,
    severity: "error",
    message: `报告于2026-02-0${(i % 9) + 1}发布，晚于截止日期2026-01-31`,
    evidence: { url: `https://b${i}.example.gov.cn/nb/2025.html` },
    scope: "report",
    status: "open",
    firstSeen: inWeek,
    lastSeen: inWeek,
    occurrence: 1,
    sk: `FINDING#2025#late-publication#k${i}`,
    ...over,
  };
}

function digestOf(findings: StoredFinding[], day = "2026-11-30") {
  const bureaus = findings.map((f, i) => ({ id: f.bureauId, name: `第${i}局`, supervisor: office.id }));
  return collectDigest({ office, bureaus, findings, week: weekContaining(day), asOf });
}

function textPart(raw: string): string {
  const part = decodeMime(raw).parts.find((p) =>
    (p.headers.get("content-type") ?? "").startsWith("text/plain"),
  );
  return part?.body ?? "";
}

describe("renderDigestEmail", () => {
  it("says the week, the counts and each new finding in Chinese, to every address of the office", () => {
    const email = renderDigestEmail(
      digestOf([finding(1), finding(2, { severity: "warning", rule: "section-order" })]),
      {
        from,
      },
    );
    const mime = decodeMime(email.raw);
    expect(mime.headers.get("subject")).toBe("【年报监测】南京市政务公开办周报（2026-11-30至2026-12-06）");
    expect(email.to.map((t) => t.address)).toEqual(office.emails);
    const text = textPart(email.raw);
    expect(text).toContain("本周新发现问题：2 条（错误 1 条，警告 1 条）");
    expect(text).toContain("未整改问题：2 条（错误 1 条，警告 1 条），涉及 2 个单位");
    expect(text).toContain("1. 第0局 2025年度：逾期发布（错误）");
    expect(text).toContain("报告地址：https://b1.example.gov.cn/nb/2025.html");
    expect(text).toContain("本周无已整改的问题。");
    expect(text).toContain("“未整改”按2026-12-07 08:00的情况统计");
  });

  it("is one message per office and week: the same id and Message-ID on a re-render, another for another week", () => {
    const a = renderDigestEmail(digestOf([finding(1)]), { from });
    const b = renderDigestEmail(digestOf([finding(1), finding(2)]), { from });
    const other = renderDigestEmail(digestOf([finding(1)], "2026-12-07"), { from });
    expect(b.id).toBe(a.id);
    expect(b.messageId).toBe(a.messageId);
    expect(a.id).toBe("digest-nj-zwgk-2026-11-30");
    expect(other.id).not.toBe(a.id);
    expect(other.messageId).not.toBe(a.messageId);
  });

  it(`lists at most ${DIGEST_LIST_LIMIT} entries a section and says how many more there are`, () => {
    const many = Array.from({ length: DIGEST_LIST_LIMIT + 7 }, (_, i) => finding(i));
    const email = renderDigestEmail(digestOf(many), { from });
    const text = textPart(email.raw);
    expect(text).toContain(`${DIGEST_LIST_LIMIT}. `);
    expect(text).not.toContain(`${DIGEST_LIST_LIMIT + 1}. `);
    expect(text).toContain("……另有 7 条未列出");
    expect((email.html.match(/<li /g) ?? []).length).toBe(2 * DIGEST_LIST_LIMIT); // new, and open by bureau
  });

  it("escapes what came from a website and links only http(s) addresses", () => {
    const hostile = finding(1, {
      message: '<img src=x onerror="alert(1)">报告',
      evidence: { url: "javascript:alert(1)" },
    });
    const email = renderDigestEmail(digestOf([hostile, finding(2)]), { from });
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&#60;img");
    expect(email.html).not.toMatch(/href="javascript:/);
    expect(email.html).toContain('href="https://b2.example.gov.cn/nb/2025.html"');
  });

  it("says plainly when nothing happened", () => {
    const text = textPart(renderDigestEmail(digestOf([]), { from }).raw);
    expect(text).toContain("本周新发现问题：0 条");
    expect(text).toContain("本周未发现新问题。");
    expect(text).toContain("目前没有未整改的问题。");
  });
});
