import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, startDynalite } from "../../infra/local/dynalite.ts";
import type { Finding } from "../../shared/domain/finding.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { dispatchOutbox, renderAlertEmail, SmtpTransport } from "../../shared/mail/index.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { NANJING_TJJ } from "../support/nanjing.ts";
import { decodeMime } from "./helpers/mime-decode.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp-sink.ts";

let smtp: SmtpSink;
let received: SmtpSink["received"];
let port: number;
let dynamo: LocalDynamo;
let repo: Repository;

beforeAll(async () => {
  smtp = await startSmtpSink();
  ({ port, received } = smtp);
  dynamo = await startDynalite();
  repo = createRepository({ doc: dynamo.doc, tableName: dynamo.tableName });
});

afterAll(async () => {
  await dynamo?.stop();
  await smtp?.close();
});

const registry: Registry = {
  offices: [
    { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn", "duty@example.gov.cn"] },
  ],
  bureaus: [NANJING_TJJ],
};

const finding: Finding = {
  rule: "table-arithmetic",
  severity: "error",
  message: "表三第一列“本年新收政府信息公开申请数量”合计应为12，实为13",
  evidence: {
    table: "requests",
    relation: "row-total",
    row: "newReceived",
    column: "total",
    expected: 12,
    actual: 13,
    url: "https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/2024/t20240117_1.html",
  },
  key: "requests.newReceived.total.row-total",
  year: 2023,
};

describe("alert e-mail over SMTP", () => {
  it("a new error finding reaches the office once, readable in Chinese", async () => {
    await repo.syncFindings({
      bureauId: "nj-tjj",
      officeId: "nj-zwgk",
      year: 2023,
      findings: [finding],
      seenAt: "2024-02-01T08:00:00.000Z",
      scope: "report",
    });
    const transport = new SmtpTransport({ host: "127.0.0.1", port });
    try {
      const first = await dispatchOutbox(repo, transport, registry, {
        from: { name: "年报监测", address: "monitor@example.gov.cn" },
      });
      expect(first).toMatchObject({ sent: 1, failed: 0 });
      // Same cycle again, and the dispatcher again: nothing new to send.
      await repo.syncFindings({
        bureauId: "nj-tjj",
        officeId: "nj-zwgk",
        year: 2023,
        findings: [finding],
        seenAt: "2024-02-02T08:00:00.000Z",
        scope: "report",
      });
      expect(await dispatchOutbox(repo, transport, registry)).toMatchObject({ sent: 0 });
    } finally {
      transport.close();
    }

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe("monitor@example.gov.cn");
    expect(mail.to.sort()).toEqual(["duty@example.gov.cn", "zwgk@example.gov.cn"]);
    // Headers on the wire are 7-bit and within the line limit.
    const head = mail.raw.slice(0, mail.raw.indexOf("\r\n\r\n"));
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(head.split("\r\n").every((line) => line.length <= 998)).toBe(true);

    const decoded = decodeMime(mail.raw);
    expect(decoded.headers.get("subject")).toBe(
      "【年报监测】南京市统计局2023年度政府信息公开工作年度报告：表格数据勾稽关系不符",
    );
    expect(decoded.headers.get("message-id")).toMatch(/^<alert\.[0-9a-f]{32}@example\.gov\.cn>$/);
    expect(new Date(decoded.headers.get("date") ?? "").toISOString()).toBe("2024-02-01T08:00:00.000Z");
    expect(decoded.headers.get("from")).toBe("年报监测 <monitor@example.gov.cn>");

    const text = decoded.parts.find((p) => p.headers.get("content-type")?.startsWith("text/plain"));
    const html = decoded.parts.find((p) => p.headers.get("content-type")?.startsWith("text/html"));
    expect(text?.body).toContain("南京市政务公开办：");
    expect(text?.body).toContain(finding.message);
    expect(text?.body).toContain("行：一、本年新收政府信息公开申请数量（newReceived）");
    expect(text?.body).toContain("应为：12");
    expect(text?.body).toContain("实为：13");
    expect(text?.body).toContain(`报告地址：${finding.evidence.url}`);
    expect(html?.body).toContain(`<a href="${finding.evidence.url}">`);
    // Label and value side by side in one row (how it looks: test/integration/mail-render.test.ts).
    expect(html?.body).toMatch(
      /<th[^>]*>问题类型<\/th><td[^>]*>表格数据勾稽关系不符（table-arithmetic）<\/td>/,
    );
  });
});

describe("a relay that asks for a login", () => {
  it("a refused login is not remembered: the settings are read again (a rotated password) for the next message", async () => {
    const login = { user: "gdm", pass: "new-password" };
    const relay = await startSmtpSink({ login });
    const passwords = ["old-password", "new-password"];
    let reads = 0;
    const transport = new SmtpTransport(async () => ({
      host: "127.0.0.1",
      port: relay.port,
      auth: { user: "gdm", pass: passwords[Math.min(reads++, passwords.length - 1)]! },
    }));
    const email = renderAlertEmail({
      office: registry.offices[0]!,
      bureau: NANJING_TJJ,
      finding,
      from: { name: "年报监测", address: "monitor@example.gov.cn" },
      date: new Date("2024-02-01T08:00:00Z"),
    });
    try {
      const refused = await transport.send(email).catch((e: Error) => e);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/^SMTP delivery of \S+ failed: Invalid login/);
      expect(relay.received).toHaveLength(0);
      await transport.send(email);
      await transport.send(email);
      expect(reads).toBe(2); // read again once after the refusal, then kept
      expect(relay.received.map((m) => m.user)).toEqual(["gdm", "gdm"]);
    } finally {
      transport.close();
      await relay.close();
    }
  });
});
