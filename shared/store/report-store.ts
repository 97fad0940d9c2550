// Report versions: one item per (bureau, year, content hash), written once; afterwards only its URL changes
// (the report moved). Two runs of one bureau at the same moment may both write it, with the same content.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ParsedReport } from "../domain/report.ts";
import { batchPut } from "./batch-requests.ts";
import { queryAll, type StoreContext, sendConditional } from "./dynamo-helpers.ts";
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
  /**
   * Fingerprint of what a reader of the report sees (shared/cycle/content-fingerprint.ts): equal for two
   * fetches whose bytes differ only in page furniture (a view counter, a render timestamp). Absent on
   * versions stored before it existed.
   */
  content?: string;
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

/**
 * The summary the store keeps, built from the reader's output (plain data, as a read gives back; the
 * tables are shared with the report, which nothing changes once read). Absent facts are left out, as
 * JSON would.
 */
export function summarizeReport(report: ParsedReport, content?: string): ReportSummary {
  const sections: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(report.sections)) sections[k] = v !== null;
  const summary: ReportSummary = {
    kind: report.kind,
    format: report.format,
    title: report.title,
    agency: report.agency,
    agencyType: report.agencyType,
    year: report.year,
    publishedAt: report.publishedAt,
    publishedAtSource: report.publishedAtSource,
    encoding: report.decode?.encoding,
    sections,
    tables: report.tables,
    content,
  };
  for (const key of Object.keys(summary) as (keyof ReportSummary)[])
    if (summary[key] === undefined) delete summary[key];
  return summary;
}

/**
 * The summary is stored as deflated JSON (a binary attribute): as a nested map every table cell cost
 * marshalling, validation and bytes on each write and on every cycle's read of the bureau; as JSON text
 * the SDK still escapes it character by character. Deflated it is a sixth of the size. Items written
 * before keep a nested map (or a JSON string), and are read as they are.
 */
function encodeSummary(summary: ReportSummary): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(summary), "utf8"), {
    level: SUMMARY_DEFLATE_LEVEL,
  });
}

function decodeSummary(stored: unknown): ReportSummary {
  if (stored instanceof Uint8Array)
    return JSON.parse(inflateRawSync(stored).toString("utf8")) as ReportSummary;
  if (typeof stored === "string") return JSON.parse(stored) as ReportSummary;
  return stored as ReportSummary;
}

/** Fast: the summary is written once per new version; level 1 already shrinks it about sixfold. */
const SUMMARY_DEFLATE_LEVEL = 1;

export function toVersion(item: Record<string, unknown>): ReportVersion {
  const { PK: _pk, SK: _sk, kind: _kind, summary, ...rest } = item;
  return { ...(rest as unknown as Omit<ReportVersion, "summary">), summary: decodeSummary(summary) };
}

/** Oldest first (by first sighting), the order every reader of versions expects. */
export function byFirstSeen(versions: ReportVersion[]): ReportVersion[] {
  return versions.sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0));
}

function versionItem(input: ReportVersionInput): Record<string, unknown> {
  const { summary, ...fields } = input;
  const item: Record<string, unknown> = {
    PK: bureauPk(input.bureauId),
    SK: reportSk(input.year, input.sha256),
    kind: "report",
    summary: encodeSummary(summary),
    firstSeen: input.fetchedAt,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) item[key] = value;
  return item;
}

/** The version among `stored` with these bytes for this year (a version's identity, as its sort key). */
function sameVersion(
  stored: ReportVersion[],
  v: { year: number; sha256: string },
): ReportVersion | undefined {
  return stored.find((s) => s.year === v.year && s.sha256 === v.sha256);
}

export function reportStore(ctx: StoreContext) {
  /** Every stored version, oldest first (by first sighting). */
  async function getReportVersions(bureauId: string, year?: number): Promise<ReportVersion[]> {
    const items = await queryAll(ctx, {
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": bureauPk(bureauId), ":prefix": reportSkPrefix(year) },
    });
    return byFirstSeen(items.map(toVersion));
  }

  /** Points a stored version at the URL its bytes are found at now (false if it is not stored). */
  function relocate(version: { bureauId: string; year: number; sha256: string }, url: string) {
    return sendConditional(
      ctx,
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { PK: bureauPk(version.bureauId), SK: reportSk(version.year, version.sha256) },
        UpdateExpression: "SET #url = :url",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeNames: { "#url": "url" },
        ExpressionAttributeValues: { ":url": url },
      }),
    );
  }

  return {
    getReportVersions,
    /**
     * Stores a version unless that exact content is already stored. Returns whether it was created.
     * Checks first, so an unchanged re-run costs no write at all: against `stored` (the bureau's versions
     * the caller has just read, kept current here) when given, else with a read; the condition still
     * guards races. The same content found under another URL (the report moved) moves the stored version
     * there (`relocated`): its URL is where the report is now, and where a later edit is compared.
     */
    async putReportVersion(
      input: ReportVersionInput,
      stored?: ReportVersion[],
    ): Promise<{ created: boolean; relocated?: boolean }> {
      const Key = { PK: bureauPk(input.bureauId), SK: reportSk(input.year, input.sha256) };
      const known = stored
        ? sameVersion(stored, input)
        : (await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key }))).Item;
      if (known) {
        if (known.url === input.url) return { created: false };
        const relocated = await relocate(input, input.url);
        if (relocated && stored) (known as ReportVersion).url = input.url;
        return { created: false, relocated };
      }
      const created = await sendConditional(
        ctx,
        new PutCommand({
          TableName: ctx.tableName,
          Item: versionItem(input),
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      if (created) stored?.push({ ...input, firstSeen: input.fetchedAt });
      return { created };
    },

    /**
     * A bureau's versions of one cycle, staged as they are read and written together by `flush`: one
     * request per 25 new versions instead of one each (a cycle's first visit stores a version per
     * report). `stored` (the bureau's versions the caller has just read) is kept current at once, so the
     * next report's cross-year checks see this one. New versions are written without the
     * attribute_not_exists guard of putReportVersion: only a second cycle of the same bureau running at
     * the same moment could have stored one since `stored` was read, and its item is the same but for
     * the instant of its sighting.
     */
    reportVersionBatch(stored: ReportVersion[]) {
      /** Versions new this cycle (written by flush), and stored ones found at a new URL, by sort key. */
      const fresh = new Map<string, ReportVersion>();
      const moved = new Map<string, ReportVersion>();
      return {
        /** "created" for a new version, "relocated" for known bytes found at another URL, else "known". */
        add(input: ReportVersionInput): "created" | "relocated" | "known" {
          const sk = reportSk(input.year, input.sha256);
          const known = sameVersion(stored, input);
          if (!known) {
            const version = { ...input, firstSeen: input.fetchedAt };
            stored.push(version);
            fresh.set(sk, version);
            return "created";
          }
          if (known.url === input.url) return "known";
          known.url = input.url;
          if (!fresh.has(sk)) moved.set(sk, known);
          return "relocated";
        },
        async flush(): Promise<void> {
          const items = [...fresh.values()].map(versionItem);
          fresh.clear();
          if (items.length > 0) await batchPut(ctx, items);
          for (const version of moved.values()) await relocate(version, version.url);
          moved.clear();
        },
      };
    },

    async getLatestReport(bureauId: string, year: number): Promise<ReportVersion | undefined> {
      const versions = await getReportVersions(bureauId, year);
      return versions.at(-1);
    },
  };
}
