import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../infra/local/stack.ts";
import type { Finding } from "../../shared/domain/finding.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { dispatchOutbox, type MailTransport, type RenderedEmail } from "../../shared/mail/index.ts";
import { decodeMime } from "./helpers/mime-decode.ts";

let dataDir: string;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gdm-outbox-"));
  stack = await startLocalStack({ dataDir });
});
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const registry: Registry = {
  offices: [
    { id: "gz-zwgk", name: "广州市政务公开办", emails: ["zwgk@example.gov.cn"] },
    { id: "no-mail", name: "无邮箱办", emails: [] },
  ],
  bureaus: [
    {
      id: "gz-tjj",
      name: "广州市统计局",
      regionCode: "440100",
      agencyType: "department",
      supervisor: "gz-zwgk",
      site: "https://tjj.gz.gov.cn/",
      listings: ["https://tjj.gz.gov.cn/gknb/"],
    },
  ],
};

function missing(year: number): Finding {
  return {
    rule: "report-missing",
    severity: "error",
    message: `截至期限未发现${year}年度报告`,
    evidence: { deadline: `${year + 1}-01-31` },
    key: "report",
    year,
  };
}

describe("outbox dispatch into .eml files", () => {
  it("writes one file per alert, whatever the number of dispatch runs", async () => {
    const { repo, outboxTransport, outboxDir } = stack;
    for (const year of [2022, 2023]) {
      await repo.syncFindings({
        bureauId: "gz-tjj",
        officeId: "gz-zwgk",
        year,
        findings: [missing(year)],
        seenAt: "2024-02-01T00:00:00.000Z",
        scope: "deadline",
      });
    }
    expect(await dispatchOutbox(repo, outboxTransport, registry)).toMatchObject({ sent: 2, failed: 0 });
    expect(await dispatchOutbox(repo, outboxTransport, registry)).toMatchObject({ sent: 0 });
    const files = (await readdir(outboxDir)).filter((f) => f.endsWith(".eml")).sort();
    expect(files).toHaveLength(2);
    const subjects = await Promise.all(
      files.map(async (f) =>
        decodeMime(await readFile(path.join(outboxDir, f), "utf8")).headers.get("subject"),
      ),
    );
    expect(subjects.sort()).toEqual([
      "【年报监测】广州市统计局2022年度政府信息公开工作年度报告：未发布年度报告",
      "【年报监测】广州市统计局2023年度政府信息公开工作年度报告：未发布年度报告",
    ]);
  });

  it("gives a failed send back to the queue and sends it on the next run", async () => {
    const { repo } = stack;
    await repo.syncFindings({
      bureauId: "gz-tjj",
      officeId: "gz-zwgk",
      year: 2024,
      findings: [missing(2024)],
      seenAt: "2025-02-01T00:00:00.000Z",
      scope: "deadline",
    });
    const delivered: RenderedEmail[] = [];
    let down = true;
    const flaky: MailTransport = {
      async send(email) {
        if (down) throw new Error("421 service not available");
        delivered.push(email);
        return { id: email.messageId };
      },
    };
    const failed = await dispatchOutbox(repo, flaky, registry);
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    expect(failed.errors[0]).toContain("421");
    const [pending] = await repo.listPending("gz-zwgk");
    expect(pending).toMatchObject({ status: "pending", attempts: 1, lastError: "421 service not available" });

    down = false;
    expect(await dispatchOutbox(repo, flaky, registry)).toMatchObject({ sent: 1 });
    expect(delivered.map((e) => e.subject)).toEqual([
      "【年报监测】广州市统计局2024年度政府信息公开工作年度报告：未发布年度报告",
    ]);
    expect(await repo.listPending()).toEqual([]);
  });

  it("two dispatchers racing send each alert once", async () => {
    const { repo } = stack;
    await repo.syncFindings({
      bureauId: "gz-tjj",
      officeId: "gz-zwgk",
      year: 2025,
      findings: [missing(2025)],
      seenAt: "2026-02-01T00:00:00.000Z",
      scope: "deadline",
    });
    const delivered: string[] = [];
    const counting: MailTransport = {
      async send(email) {
        delivered.push(email.id);
        return { id: email.id };
      },
    };
    const results = await Promise.all([
      dispatchOutbox(repo, counting, registry),
      dispatchOutbox(repo, counting, registry),
    ]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(delivered).toHaveLength(1);
  });

  it("leaves an alert pending when its office has no address", async () => {
    const { repo } = stack;
    await repo.syncFindings({
      bureauId: "gz-tjj",
      officeId: "no-mail",
      year: 2021,
      findings: [missing(2021)],
      seenAt: "2022-02-01T00:00:00.000Z",
      scope: "deadline",
    });
    const result = await dispatchOutbox(repo, stack.outboxTransport, registry, { officeId: "no-mail" });
    expect(result).toMatchObject({ sent: 0, skipped: 1 });
    expect(await repo.listPending("no-mail")).toHaveLength(1);
  });
});
