// The weekly digest end to end: made from what the store holds, sent once per office and week over real
// SMTP (a retried or doubled run sends nothing twice; a failed send goes out on the next run), and the
// `gdm digest` command rendering an office's digest after a cycle on the sample sites.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDynamo, startDynalite } from "../../infra/local/dynalite.ts";
import { startSampleSites } from "../../infra/local/sites/server.ts";
import { cycleJson } from "../../shared/cycle/summary.ts";
import type { Finding } from "../../shared/domain/finding.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import {
  type MailTransport,
  previousWeek,
  SmtpTransport,
  sendWeeklyDigests,
  weekContaining,
} from "../../shared/mail/index.ts";
import { CLAIM_LEASE_MS, createRepository, type Repository } from "../../shared/store/repository.ts";
import { runTestCycle } from "../support/local-cycle.ts";
import { NANJING_TJJ } from "../support/nanjing.ts";
import { decodeMime } from "./helpers/mime-decode.ts";
import { runGdm, runGdmWith } from "./helpers/run-gdm.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp-sink.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

const from = { name: "年报监测", address: "monitor@example.gov.cn" };

function textOf(raw: string): string {
  const part = decodeMime(raw).parts.find((p) =>
    (p.headers.get("content-type") ?? "").startsWith("text/plain"),
  );
  return part?.body ?? "";
}

describe("weekly digests over SMTP", () => {
  let smtp: SmtpSink;
  let dynamo: LocalDynamo;
  let repo: Repository;
  const registry: Registry = {
    offices: [
      { id: "nj-zwgk", name: "南京市政务公开办", emails: ["zwgk@example.gov.cn"] },
      { id: "idle", name: "无下属单位的办公室", emails: ["idle@example.gov.cn"] },
    ],
    bureaus: [NANJING_TJJ],
  };
  const late: Finding = {
    rule: "late-publication",
    severity: "error",
    message: "报告于2026-02-05发布，晚于截止日期2026-01-31",
    evidence: { url: "https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/2026/t1.html" },
    key: "late",
    year: 2025,
  };
  const order: Finding = {
    ...late,
    rule: "section-order",
    severity: "warning",
    message: "章节顺序不符",
    key: "order",
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    dynamo = await startDynalite();
    repo = createRepository({ doc: dynamo.doc, tableName: dynamo.tableName });
    const sync = (findings: Finding[], seenAt: string) =>
      repo.syncFindings({
        bureauId: "nj-tjj",
        officeId: "nj-zwgk",
        year: 2025,
        findings,
        seenAt,
        scope: "report",
      });
    // Both found in the week before; in the digest's week the order problem is put right.
    await sync([late, order], "2026-11-25T02:00:00.000Z");
    await sync([late], "2026-12-02T02:00:00.000Z");
  });
  afterAll(async () => {
    await dynamo?.stop();
    await smtp?.close();
  });

  it("sends each office with bureaus its digest once, even when two runs race", async () => {
    const week = weekContaining("2026-11-30");
    const transport = new SmtpTransport({ host: "127.0.0.1", port: smtp.port });
    try {
      const runs = await Promise.all([
        sendWeeklyDigests(repo, transport, registry, { week, from }),
        sendWeeklyDigests(repo, transport, registry, { week, from }),
      ]);
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
      expect(await sendWeeklyDigests(repo, transport, registry, { week, from })).toMatchObject({
        sent: 0,
        failed: 0,
      });
    } finally {
      transport.close();
    }
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(["zwgk@example.gov.cn"]);
    expect(decodeMime(mail.raw).headers.get("subject")).toBe(
      "【年报监测】南京市政务公开办周报（2026-11-30至2026-12-06）",
    );
    const text = textOf(mail.raw);
    expect(text).toContain("本周新发现问题：0 条");
    expect(text).toContain("本周已整改问题：1 条");
    expect(text).toContain("1. 南京市统计局 2025年度：章节顺序错误（警告，已整改）");
    expect(text).toContain("1. 南京市统计局：错误 1 条（最早发现于 2026-11-25）");
  });

  it("lets a claim abandoned by a crashed sender be taken again after the lease, and never a sent digest", async () => {
    const key = { officeId: "nj-zwgk", weekStart: "2026-11-16" };
    const t0 = new Date("2026-11-23T00:00:00Z");
    const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await repo.claimDigest(key, t0)).toBe(true);
    expect(await repo.claimDigest(key, later(5))).toBe(false); // a live claim
    expect(await repo.claimDigest(key, later(CLAIM_LEASE_MS / 60_000 + 1))).toBe(true); // abandoned
    expect(
      await repo.markDigestSent(key, { sentAt: later(20).toISOString(), transportId: "t", messageId: "m" }),
    ).toBe(true);
    expect(await repo.claimDigest(key, later(24 * 60))).toBe(false);
    expect(await repo.releaseDigest(key, "too late")).toBe(false);
  });

  it("gives a failed send back, and the next run sends it", async () => {
    const week = weekContaining("2026-11-23");
    const refusing: MailTransport = {
      async send() {
        throw new Error("454 try again later");
      },
    };
    const failed = await sendWeeklyDigests(repo, refusing, registry, { week, from });
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    expect(failed.errors).toEqual(["nj-zwgk 2026-11-23: 454 try again later"]);
    const before = smtp.received.length;
    const transport = new SmtpTransport({ host: "127.0.0.1", port: smtp.port });
    try {
      expect(await sendWeeklyDigests(repo, transport, registry, { week, from })).toMatchObject({
        sent: 1,
        failed: 0,
      });
    } finally {
      transport.close();
    }
    expect(smtp.received).toHaveLength(before + 1);
    // That week both findings were new.
    expect(textOf(smtp.received.at(-1)!.raw)).toContain("本周新发现问题：2 条（错误 1 条，警告 1 条）");
  });
  it("stops claiming offices when told to, and a later run sends those it left, each once", async () => {
    const offices = ["a", "b", "c", "d", "e"].map((x) => ({
      id: `o-${x}`,
      name: `${x}办`,
      emails: [`${x}@example.gov.cn`],
    }));
    const many: Registry = {
      offices,
      bureaus: offices.map((o) => ({ ...registry.bureaus[0]!, id: `b-${o.id}`, supervisor: o.id })),
    };
    const week = weekContaining("2026-11-09");
    const transport = new SmtpTransport({ host: "127.0.0.1", port: smtp.port });
    const before = smtp.received.length;
    try {
      let asked = 0;
      const first = await sendWeeklyDigests(repo, transport, many, {
        week,
        from,
        concurrency: 2,
        shouldStop: () => ++asked > 2,
      });
      expect(first).toMatchObject({ sent: 2, deferred: 3, failed: 0 });
      const rest = await sendWeeklyDigests(repo, transport, many, { week, from, concurrency: 3 });
      expect(rest).toMatchObject({ sent: 3, skipped: 2, deferred: 0 });
    } finally {
      transport.close();
    }
    const recipients = smtp.received.slice(before).flatMap((m) => m.to);
    expect(recipients.sort()).toEqual(offices.map((o) => o.emails[0]).sort());
  });
});

describe("gdm digest", () => {
  const tmp = useTempDir("gdm-digest-");
  let dataDir: string;
  let bureausWithFindings: string[];
  /** Bureaus of another office, which this data directory's cycle did not crawl. */
  let notCrawled: string[];

  beforeAll(async () => {
    const sites = await startSampleSites();
    try {
      const registry = {
        ...sites.registry,
        bureaus: sites.registry.bureaus.filter((b) => b.supervisor === "gz-zwgk"),
      };
      dataDir = path.join(tmp.path, "data");
      const json = cycleJson((await runTestCycle(registry, dataDir)).result);
      const names = new Map(registry.bureaus.map((b) => [b.id, b.name]));
      notCrawled = sites.registry.bureaus.filter((b) => b.supervisor === "lz-zwgk").map((b) => b.name);
      bureausWithFindings = json.bureaus.filter((b) => b.findings.length > 0).map((b) => names.get(b.id)!);
    } finally {
      await sites.close();
    }
  }, 120_000);

  it("writes the office's digest of this week into the outbox, once however often it is run", async () => {
    expect(bureausWithFindings.length).toBeGreaterThan(0);
    const first = await runGdm(tmp.path, "digest", "--office", "gz-zwgk", "--data", dataDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^广州市人民政府办公厅政务公开办 \(gz-zwgk\), week \d{4}-\d{2}-\d{2} – .*: \d+ new/,
    );
    const again = await runGdm(tmp.path, "digest", "--office", "gz-zwgk", "--data", dataDir, "--json");
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { file: string; counts: { opened: Record<string, number> } };
    const digests = (await readdir(path.join(dataDir, "outbox"))).filter((f) => f.startsWith("digest-"));
    expect(digests).toEqual([path.basename(report.file)]);
    const text = textOf(await readFile(report.file, "utf8"));
    // The cycle just ran, so what it found is this week's news, bureau by bureau.
    expect(Object.values(report.counts.opened).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const name of bureausWithFindings) expect(text).toContain(`${name}：`);
  });

  it("renders every office's digest with --all, and mails each once a week with --send", async () => {
    const all = await runGdm(tmp.path, "digest", "--all", "--data", dataDir, "--json");
    expect(all.code, all.stderr).toBe(0);
    const made = JSON.parse(all.stdout) as { office: string; file: string; notFullyChecked: string[] }[];
    expect(made.map((d) => d.office)).toEqual(["gz-zwgk", "lz-zwgk", "jr-zwgk"]);
    // lz-zwgk's bureaus were never crawled into this store.
    expect(made.find((d) => d.office === "lz-zwgk")?.notFullyChecked).toHaveLength(notCrawled.length);
    for (const d of made)
      expect(path.basename(d.file)).toMatch(new RegExp(`^digest-${d.office}-\\d{4}-\\d{2}-\\d{2}\\.eml$`));

    const sink = await startSmtpSink();
    try {
      const env = { GDM_SMTP_HOST: "127.0.0.1", GDM_SMTP_PORT: String(sink.port) };
      const first = await runGdmWith({ cwd: tmp.path, env }, "digest", "--all", "--send", "--data", dataDir);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/: 3 digest\(s\) sent by SMTP, 0 already sent/);
      const again = await runGdmWith({ cwd: tmp.path, env }, "digest", "--all", "--send", "--data", dataDir);
      expect(again.stdout).toMatch(/: 0 digest\(s\) sent by SMTP, 3 already sent/);
      expect(sink.received.map((m) => m.to[0]).sort()).toEqual(
        ["zwgk@gz.example.gov.cn", "zwgk@luzhou.example.gov.cn", "zwgk@jurong.example.gov.cn"].sort(),
      );
      const gz = sink.received.find((m) => m.to.includes("zwgk@gz.example.gov.cn"))!;
      // Sent as the weekly job: the week that ended before today.
      const last = previousWeek(new Date());
      expect(decodeMime(gz.raw).headers.get("subject")).toContain(`（${last.start}至${last.end}）`);
      for (const name of bureausWithFindings) expect(textOf(gz.raw)).toContain(`${name}：`);
      // The other offices' bureaus were never crawled into this store: their digests say so.
      const lz = textOf(sink.received.find((m) => m.to.includes("zwgk@luzhou.example.gov.cn"))!.raw);
      expect(notCrawled.length).toBeGreaterThan(0);
      for (const name of notCrawled) expect(lz).toContain(`${name}：尚未完成首次监测`);
      expect(textOf(gz.raw)).not.toContain("尚未完成首次监测");
    } finally {
      await sink.close();
    }
  });

  it("answers bad usage with exit 2 and a store that is not there with exit 1, in one line", async () => {
    const runs = await Promise.all([
      runGdm(tmp.path, "digest"),
      runGdm(tmp.path, "digest", "--office", "nobody", "--data", dataDir),
      runGdm(tmp.path, "digest", "--office", "gz-zwgk", "--week", "2026-02-30"),
      runGdm(tmp.path, "digest", "--office", "gz-zwgk", "--data", path.join(tmp.path, "empty")),
      runGdm(tmp.path, "digest", "--office", "gz-zwgk", "--all"),
      runGdmWith({ cwd: tmp.path, env: { GDM_SMTP_HOST: "" } }, "digest", "--all", "--send"),
    ]);
    expect(runs.map((r) => [r.code, r.firstErrorLine])).toEqual([
      [2, "gdm: digest needs --office ID or --all"],
      [2, 'gdm: no office "nobody" in the registry (offices: gz-zwgk, lz-zwgk, jr-zwgk)'],
      [2, 'gdm: --week must be a date YYYY-MM-DD, got "2026-02-30"'],
      [
        1,
        `gdm: no monitoring data in ${path.join(tmp.path, "empty")}: run \`npm start\` or \`crawl\` first (or give --data DIR)`,
      ],
      [2, "gdm: give --office ID or --all, not both"],
      [2, "gdm: --send mails through SMTP: set GDM_SMTP_HOST (and GDM_SMTP_PORT, …)"],
    ]);
  });
});
