// A small world for the API tests: two offices, three bureaus, findings and a report version, stored
// through the real repository on an in-memory dynalite.
import { type LocalDynamo, startDynalite } from "../../../infra/local/dynalite.ts";
import { hashToken, type TokenStore, tokenStoreFromJson } from "../../../shared/api/index.ts";
import type { Finding } from "../../../shared/domain/finding.ts";
import type { Bureau, Office } from "../../../shared/domain/registry.ts";
import { createRepository, type Repository } from "../../../shared/store/repository.ts";

export const offices: Office[] = [
  { id: "gz-zwgk", name: "广州市政务公开办", emails: ["gz@example.gov.cn"] },
  { id: "sz-zwgk", name: "深圳市政务公开办", emails: ["sz@example.gov.cn"] },
];
const bureau = (id: string, supervisor: string, name: string): Bureau => ({
  id,
  name,
  regionCode: supervisor.startsWith("gz") ? "440100" : "440300",
  agencyType: "department",
  supervisor,
  site: `https://${id}.example.gov.cn/`,
  listings: [`https://${id}.example.gov.cn/gknb/`],
});
export const bureaus: Bureau[] = [
  bureau("gz-tjj", "gz-zwgk", "广州市统计局"),
  bureau("gz-jyj", "gz-zwgk", "广州市教育局"),
  bureau("sz-tjj", "sz-zwgk", "深圳市统计局"),
];
export const TOKENS = { "gz-zwgk": "gdm_token-of-guangzhou", "sz-zwgk": "gdm_token-of-shenzhen" } as const;

export function fixtureTokens(): TokenStore {
  return tokenStoreFromJson({
    tokens: Object.entries(TOKENS).map(([office, token]) => ({ office, sha256: hashToken(token) })),
  });
}

const finding = (
  rule: Finding["rule"],
  severity: Finding["severity"],
  key: string,
  message: string,
): Finding => ({
  rule,
  severity,
  key,
  message,
  evidence: { table: "requests", row: key },
});

/** Per bureau and year, the findings of the first cycle; `resolvedLater` disappear in the second. */
const PLAN: { bureauId: string; year: number; findings: Finding[]; resolvedLater?: string[] }[] = [
  {
    bureauId: "gz-tjj",
    year: 2023,
    findings: [
      finding("table-arithmetic", "error", "newReceived.total", "表三总计不符"),
      finding("section-empty", "warning", "problems", "第五部分内容为空"),
      finding("encoding-damage", "info", "mojibake", "文字编码受损"),
    ],
    resolvedLater: ["problems"],
  },
  {
    bureauId: "gz-tjj",
    year: 2022,
    findings: [finding("table-arithmetic", "error", "carriedForward.total", "表三结转不符")],
  },
  {
    bureauId: "gz-jyj",
    year: 2023,
    findings: [
      finding("late-publication", "error", "2023", "逾期发布"),
      finding("label-unknown", "warning", "x", "表格项目无法识别"),
    ],
  },
  {
    bureauId: "sz-tjj",
    year: 2023,
    findings: [finding("table-arithmetic", "error", "newReceived.total", "深圳表三总计不符")],
  },
];

export interface ApiWorld {
  dynamo: LocalDynamo;
  repo: Repository;
}

export async function startWorld(): Promise<ApiWorld> {
  const dynamo = await startDynalite();
  const repo = createRepository({ doc: dynamo.doc, tableName: dynamo.tableName });
  await repo.syncDirectory({ offices, bureaus });
  const officeOf = (id: string) => bureaus.find((b) => b.id === id)!.supervisor;
  for (const p of PLAN) {
    const base = { bureauId: p.bureauId, officeId: officeOf(p.bureauId), year: p.year, scope: "report" };
    await repo.syncFindings({ ...base, findings: p.findings, seenAt: "2024-02-01T00:00:00.000Z" });
    if (p.resolvedLater) {
      const kept = p.findings.filter((f) => !p.resolvedLater!.includes(f.key));
      await repo.syncFindings({ ...base, findings: kept, seenAt: "2024-03-01T00:00:00.000Z" });
    }
  }
  await repo.putReportVersion({
    bureauId: "gz-tjj",
    year: 2023,
    sha256: "a".repeat(64),
    url: "https://gz-tjj.example.gov.cn/gknb/2023.html",
    fetchedAt: "2024-02-01T00:00:00.000Z",
    publishedAt: "2024-01-20",
    snapshotKey: "snapshots/aaa",
    summary: {
      kind: "annual-report",
      format: "2021",
      tables: { proactive: null, requests: null, review: null },
    },
  });
  return { dynamo, repo };
}
