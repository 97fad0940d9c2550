// The record of each office's weekly digest, beside its alerts in the office's outbox partition. The
// scheduled sender claims it before sending and marks it sent after, each a conditional write, so a retried
// or doubled invocation never sends a week's digest twice (a crash between send and mark: once more,
// after the lease, with the same Message-ID).
import { type StoreContext, type UpdateSpec, updateIf } from "./dynamo-helpers.ts";
import { CLAIM_LEASE_MS } from "./outbox-store.ts";
import { digestSk, outboxPk } from "./table-schema.ts";

export interface DigestKey {
  officeId: string;
  /** Monday of the week, YYYY-MM-DD (China time). */
  weekStart: string;
}

export function digestStore(ctx: StoreContext) {
  const update = (key: DigestKey, input: UpdateSpec) =>
    updateIf(ctx, { PK: outboxPk(key.officeId), SK: digestSk(key.weekStart) }, input);

  return {
    /** Takes the week's digest for sending; false when it was sent, or another sender holds a live claim. */
    claimDigest(key: DigestKey, now: Date = new Date()): Promise<boolean> {
      return update(key, {
        UpdateExpression: "SET #status = :sending, claimedAt = :now, kind = :kind ADD attempts :one",
        ConditionExpression:
          "attribute_not_exists(PK) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":failed": "failed",
          ":kind": "digest",
          ":now": now.toISOString(),
          ":stale": new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(),
          ":one": 1,
        },
      });
    },

    markDigestSent(key: DigestKey, info: { sentAt: string; transportId: string; messageId: string }) {
      return update(key, {
        UpdateExpression: "SET #status = :sent, sentAt = :at, transportId = :tid, messageId = :mid",
        ConditionExpression: "#status = :sending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sent": "sent",
          ":sending": "sending",
          ":at": info.sentAt,
          ":tid": info.transportId,
          ":mid": info.messageId,
        },
      });
    },

    /** A failed send: the next run (or a retry) may claim it again. */
    releaseDigest(key: DigestKey, reason: string) {
      return update(key, {
        UpdateExpression: "SET #status = :failed, lastError = :reason REMOVE claimedAt",
        ConditionExpression: "#status = :sending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":failed": "failed",
          ":sending": "sending",
          ":reason": reason.slice(0, 500),
        },
      });
    },
  };
}
