// Reconciles the findings of one scope (bureau + year + source) with what is stored, writing only the
// difference: new → create (+ alert), changed → update, gone → resolve, identical → nothing at all.
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Finding } from "../domain/finding.ts";
import { type KnownFinding, type KnownFindings, toKnownFinding } from "./bureau-state.ts";
import { plain, queryAll, type StoreContext, sendConditional } from "./dynamo-helpers.ts";
import { findingContentHash, indexKeysFor, type StoredFinding } from "./finding-items.ts";
import {
  bureauPk,
  findingSk,
  findingSkPrefix,
  outboxPk,
  outboxSk,
  PENDING_OUTBOX_PARTITION,
  pendingOutboxSk,
} from "./table-schema.ts";

export interface SyncFindingsInput {
  bureauId: string;
  officeId: string;
  year: number;
  findings: Finding[];
  /** ISO instant of this cycle. */
  seenAt: string;
  /** The source within the cycle ("report", "deadline", "crawl", …). Only this scope's findings resolve. */
  scope: string;
  /**
   * Other scopes this one replaces: their open findings found again here move to this scope (without a
   * second alert). Otherwise a finding stays with the scope that first reported it.
   */
  adopts?: (scope: string) => boolean;
}

export interface SyncFindingsResult {
  created: number;
  reopened: number;
  updated: number;
  resolved: number;
  unchanged: number;
  /** Alerts enqueued by this call (new or reopened errors). */
  alerts: number;
}

/**
 * Severity that triggers an immediate alert. Warnings and infos reach the offices through the weekly
 * digest and the findings API.
 */
const ALERT_SEVERITY = "error";

export function findingSync(ctx: StoreContext) {
  async function enqueueAlert(f: StoredFinding): Promise<boolean> {
    const sk = outboxSk(f.bureauId, f.sk, f.occurrence);
    // false = already there: an earlier attempt wrote it and crashed before writing the finding. Keep that one.
    return sendConditional(
      ctx,
      new PutCommand({
        TableName: ctx.tableName,
        Item: plain({
          PK: outboxPk(f.officeId),
          SK: sk,
          kind: "alert",
          officeId: f.officeId,
          bureauId: f.bureauId,
          year: f.year,
          rule: f.rule,
          findingKey: f.key,
          findingSk: f.sk,
          occurrence: f.occurrence,
          severity: f.severity,
          message: f.message,
          evidence: f.evidence,
          createdAt: f.lastSeen,
          status: "pending",
          attempts: 0,
          GSI1PK: PENDING_OUTBOX_PARTITION,
          GSI1SK: pendingOutboxSk(f.lastSeen, f.officeId, sk),
        }),
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  function findingItem(f: StoredFinding, contentHash: string): Record<string, unknown> {
    const { sk, ...rest } = f;
    return plain({
      PK: bureauPk(f.bureauId),
      SK: sk,
      kind: "finding",
      ...rest,
      contentHash,
      ...indexKeysFor(f),
    });
  }

  /** Conditional write; a lost race means another run already did the same work. */
  const guarded = (command: PutCommand | UpdateCommand) => sendConditional(ctx, command);

  async function readYear(bureauId: string, year: number): Promise<KnownFindings> {
    const items = await queryAll(ctx, {
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": bureauPk(bureauId), ":prefix": findingSkPrefix(year) },
    });
    return new Map(items.map((item) => [String(item.SK), toKnownFinding(item)]));
  }

  /**
   * `known`: the bureau's findings as the caller has just read them (BureauState.findings). The sync
   * then needs no read of its own, and keeps the map current with what it wrote; after a lost race it
   * re-reads the year, so the map never goes on believing something the table contradicts.
   */
  return async function syncFindings(
    input: SyncFindingsInput,
    known?: KnownFindings,
  ): Promise<SyncFindingsResult> {
    const result: SyncFindingsResult = {
      created: 0,
      reopened: 0,
      updated: 0,
      resolved: 0,
      unchanged: 0,
      alerts: 0,
    };
    const prefix = findingSkPrefix(input.year);
    let stored: KnownFindings;
    if (known) {
      stored = new Map();
      for (const [sk, entry] of known) if (sk.startsWith(prefix)) stored.set(sk, entry);
    } else {
      stored = await readYear(input.bureauId, input.year);
    }
    let raced = false;
    const remember = (sk: string, entry: KnownFinding) => known?.set(sk, entry);

    const current = new Set<string>();
    for (const f of input.findings) {
      const sk = findingSk(input.year, f.rule, f.key);
      if (current.has(sk)) continue; // the same problem reported twice in one run counts once
      current.add(sk);
      const hash = findingContentHash(f);
      const prev = stored.get(sk);

      if (prev && prev.finding.status === "open") {
        // Found again by a source that replaces the finding's own (a report that moved to a new URL): it
        // follows, so this source's next sync resolves it once fixed. Updated in place: no second alert.
        const adopted = prev.finding.scope !== input.scope && input.adopts?.(prev.finding.scope) === true;
        if (prev.hash === hash && !adopted) {
          result.unchanged++;
          continue;
        }
        const next: StoredFinding = {
          ...prev.finding,
          ...(adopted ? { scope: input.scope } : {}),
          severity: f.severity,
          message: f.message,
          evidence: f.evidence,
          lastSeen: input.seenAt,
        };
        const ok = await guarded(
          new PutCommand({
            TableName: ctx.tableName,
            Item: findingItem(next, hash),
            ConditionExpression: "#status = :open AND occurrence = :occ",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":open": "open", ":occ": prev.finding.occurrence },
          }),
        );
        result[ok ? "updated" : "unchanged"]++;
        if (ok) remember(sk, { finding: next, hash });
        else raced = true;
        continue;
      }

      const next: StoredFinding = {
        bureauId: input.bureauId,
        officeId: input.officeId,
        year: input.year,
        rule: f.rule,
        key: f.key,
        severity: f.severity,
        message: f.message,
        evidence: f.evidence,
        // A resolved finding found again belongs to the source that found it now.
        scope: input.scope,
        status: "open",
        firstSeen: prev?.finding.firstSeen ?? input.seenAt,
        openedAt: input.seenAt,
        lastSeen: input.seenAt,
        occurrence: (prev?.finding.occurrence ?? 0) + 1,
        sk,
      };
      // The alert goes first: if we crash after it, the retry finds the finding still missing, re-derives
      // the same alert key, sees the alert exists, and only writes the finding. Never lost, never twice.
      if (next.severity === ALERT_SEVERITY && (await enqueueAlert(next))) result.alerts++;
      const ok = await guarded(
        new PutCommand({
          TableName: ctx.tableName,
          Item: findingItem(next, hash),
          ...(prev
            ? {
                ConditionExpression: "#status = :resolved AND occurrence = :occ",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":resolved": "resolved", ":occ": prev.finding.occurrence },
              }
            : { ConditionExpression: "attribute_not_exists(PK)" }),
        }),
      );
      if (!ok) {
        result.unchanged++;
        raced = true;
      } else {
        result[prev ? "reopened" : "created"]++;
        remember(sk, { finding: next, hash });
      }
    }

    for (const [sk, { finding, hash }] of stored) {
      if (current.has(sk) || finding.status !== "open" || finding.scope !== input.scope) continue;
      const next: StoredFinding = { ...finding, status: "resolved", resolvedAt: input.seenAt };
      const keys = indexKeysFor(next);
      const ok = await guarded(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: { PK: bureauPk(input.bureauId), SK: sk },
          UpdateExpression:
            "SET #status = :resolved, resolvedAt = :at, GSI1SK = :g1, GSI2SK = :g2, GSI3SK = :g3",
          ConditionExpression: "#status = :open AND occurrence = :occ",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":resolved": "resolved",
            ":open": "open",
            ":at": input.seenAt,
            ":occ": finding.occurrence,
            ":g1": keys.GSI1SK,
            ":g2": keys.GSI2SK,
            ":g3": keys.GSI3SK,
          },
        }),
      );
      if (ok) {
        result.resolved++;
        remember(sk, { finding: next, hash });
      } else raced = true;
    }
    if (known && raced) {
      for (const sk of [...known.keys()]) if (sk.startsWith(prefix)) known.delete(sk);
      for (const [sk, entry] of await readYear(input.bureauId, input.year)) known.set(sk, entry);
    }
    return result;
  };
}
