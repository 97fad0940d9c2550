// Report versions: one item per (bureau, year, content hash), written once and never rewritten.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ParsedReport } from "../domain/report.ts";
import { plain, queryAll, type StoreContext, sendConditional } from "./dynamo-helpers.ts";
import { bureauPk, reportSk, reportSkPrefix } from "./table-schema.ts";

/** What is kept of a parsed report: the tables and the document facts, not the whole text. */
export interface ReportSummary {
  kind: ParsedReport["kind"];
  format: ParsedReport["format"];
  title?: string;
  agency?: string;
  agencyType?: ParsedReport["agencyType"];
  year?: number;
  publishedAt?: string;
  publishedAtSource?: ParsedReport["publishedAtSource"];
  encoding?: string;
  sections?: Record<string, boolean>;
  tables: ParsedReport["tables"];
}

export interface ReportVersionInput {
  bureauId: string;
  year: number;
  sha256: string;
  url: string;
  fetchedAt: string;
  publishedAt?: string;
  snapshotKey: string;
  summary: ReportSummary;
}

export interface ReportVersion extends ReportVersionInput {
  /** When this version was first stored (= fetchedAt of the first sighting). */
  firstSeen: string;
}

/** The summary the store keeps, built from the reader's output. */
export function summarizeReport(report: ParsedReport): ReportSummary {
  return plain({
    kind: report.kind,
    format: report.format,
    title: report.title,
    agency: report.agency,
    agencyType: report.agencyType,
    year: report.year,
    publishedAt: report.publishedAt,
    publishedAtSource: report.publishedAtSource,
    encoding: report.decode?.encoding,
    sections: Object.fromEntries(Object.entries(report.sections).map(([k, v]) => [k, v !== null])),
    tables: report.tables,
  });
}

function toVersion(item: Record<string, unknown>): ReportVersion {
  const { PK: _pk, SK: _sk, kind: _kind, ...rest } = item;
  return rest as unknown as ReportVersion;
}

export function reportStore(ctx: StoreContext) {
  /** Every stored version, oldest first (by first sighting). */
  async function getReportVersions(bureauId: string, year?: number): Promise<ReportVersion[]> {
    const items = await queryAll(ctx, {
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": bureauPk(bureauId), ":prefix": reportSkPrefix(year) },
    });
    return items
      .map(toVersion)
      .sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0));
  }

  return {
    getReportVersions,
    /**
     * Stores a version unless that exact content is already stored. Returns whether it was created.
     * Reads first so an unchanged re-run costs no write at all; the condition still guards races.
     */
    async putReportVersion(input: ReportVersionInput): Promise<{ created: boolean }> {
      const Key = { PK: bureauPk(input.bureauId), SK: reportSk(input.year, input.sha256) };
      const existing = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key }));
      if (existing.Item) return { created: false };
      const created = await sendConditional(
        ctx,
        new PutCommand({
          TableName: ctx.tableName,
          Item: plain({ ...Key, kind: "report", ...input, firstSeen: input.fetchedAt }),
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return { created };
    },

    async getLatestReport(bureauId: string, year: number): Promise<ReportVersion | undefined> {
      const versions = await getReportVersions(bureauId, year);
      return versions.at(-1);
    },
  };
}
