import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { renderAlertEmail, SesTransport } from "../../../shared/mail/index.ts";

const office = { id: "gz-zwgk", name: "广州市政务公开办", emails: ["zwgk@example.gov.cn"] };
const bureau = { id: "gz-tjj", name: "广州市统计局" };
const finding = {
  rule: "late-publication" as const,
  severity: "error" as const,
  message: "报告于2024-02-05发布，晚于截止日期2024-01-31",
  evidence: {
    deadline: "2024-01-31",
    publishedAt: "2024-02-05",
    regime: "2019" as const,
    note: '<script>alert("x")</script>',
  },
  key: "late",
  year: 2023,
};

describe("renderAlertEmail", () => {
  it("is deterministic for the same alert and distinct for a re-opened one", () => {
    const date = new Date("2024-02-06T00:00:00Z");
    const a = renderAlertEmail({ office, bureau, finding, date });
    const b = renderAlertEmail({ office, bureau, finding, date });
    const again = renderAlertEmail({ office, bureau, finding, date, occurrence: 2 });
    expect(a.raw).toBe(b.raw);
    expect(again.id).not.toBe(a.id);
    expect(again.messageId).not.toBe(a.messageId);
  });

  it("labels the evidence in Chinese and escapes it in the HTML part", () => {
    const email = renderAlertEmail({ office, bureau, finding, reportUrl: "javascript:alert(1)" });
    expect(email.text).toContain("截止日期：2024-01-31");
    expect(email.text).toContain("发布日期：2024-02-05");
    expect(email.text).toContain("适用条例：2019年条例");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&#60;script&#62;");
    expect(email.html).not.toContain('href="javascript:');
  });

  it("lists a missing report's dead links as the office would click them", () => {
    const deadLinks = [
      { url: "http://x.gov.cn/nb/2024.html", status: 404, year: 2024 },
      { url: "http://x.gov.cn/nb/a.pdf?<b>", status: 410 },
      { url: "http://x.gov.cn/nb/gone.html", status: 200, softNotFound: true },
    ];
    const email = renderAlertEmail({
      office,
      bureau,
      finding: { ...finding, rule: "report-missing", evidence: { deadline: "2025-01-31", deadLinks } },
    });
    expect(email.text).toContain(
      "失效链接：http://x.gov.cn/nb/2024.html（HTTP 404）；http://x.gov.cn/nb/a.pdf?<b>（HTTP 410）；http://x.gov.cn/nb/gone.html（页面不存在）",
    );
    expect(email.text).not.toContain("deadLinks");
    expect(email.html).not.toContain("?<b>");
  });
});

describe("SesTransport", () => {
  it("sends the same raw MIME bytes to the office's addresses", async () => {
    const sent: Record<string, unknown>[] = [];
    const ses = {
      async send(command: { input: Record<string, unknown> }) {
        sent.push(command.input);
        return { MessageId: "ses-1" };
      },
    };
    const email = renderAlertEmail({ office, bureau, finding, from: { address: "monitor@example.gov.cn" } });
    expect(await new SesTransport(ses as unknown as SESv2Client).send(email)).toEqual({ id: "ses-1" });
    expect(sent[0]).toMatchObject({
      FromEmailAddress: "monitor@example.gov.cn",
      Destination: { ToAddresses: ["zwgk@example.gov.cn"] },
    });
    const data = (sent[0]!.Content as { Raw: { Data: Uint8Array } }).Raw.Data;
    expect(Buffer.from(data).toString("utf8")).toBe(email.raw);
  });
});
