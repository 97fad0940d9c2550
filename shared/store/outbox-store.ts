// The alert outbox: written by finding sync, drained by the dispatcher. Claim → send → mark sent, each a
// conditional update, so two dispatchers never send the same alert and a crash is retried after a lease.
import { queryAll, type StoreContext, type UpdateSpec, updateIf } from "./dynamo-helpers.ts";
import { type Alert, type AlertKey, toAlert } from "./finding-items.ts";
import { GSI_BY_OFFICE, outboxPk, PENDING_OUTBOX_PARTITION } from "./table-schema.ts";

/** A claim older than this is considered abandoned (the dispatcher died between claim and send). */
export const CLAIM_LEASE_MS = 15 * 60 * 1000;

export function outboxStore(ctx: StoreContext) {
  const update = (key: AlertKey, input: UpdateSpec) =>
    updateIf(ctx, { PK: outboxPk(key.officeId), SK: key.sk }, input);

  return {
    /** Alerts not yet sent (including abandoned claims), oldest first; optionally for one office. */
    async listPending(officeId?: string): Promise<Alert[]> {
      const items = await queryAll(ctx, {
        IndexName: GSI_BY_OFFICE.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": GSI_BY_OFFICE.partitionKey },
        ExpressionAttributeValues: { ":pk": PENDING_OUTBOX_PARTITION },
      });
      return items
        .map(toAlert)
        .filter((a) => a.status !== "sent" && (officeId === undefined || a.officeId === officeId));
    },

    /** Takes the alert for sending; false when someone else holds a live claim or it was already sent. */
    claimAlert(key: AlertKey, now: Date = new Date()): Promise<boolean> {
      return update(key, {
        UpdateExpression: "SET #status = :sending, claimedAt = :now ADD attempts :one",
        ConditionExpression: "#status = :pending OR (#status = :sending AND claimedAt < :stale)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":pending": "pending",
          ":now": now.toISOString(),
          ":stale": new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(),
          ":one": 1,
        },
      });
    },

    /** Marks it sent and drops it from the pending index; false when it was already sent. */
    markSent(key: AlertKey, info: { sentAt?: string; transportId?: string } = {}): Promise<boolean> {
      return update(key, {
        UpdateExpression: "SET #status = :sent, sentAt = :at, transportId = :tid REMOVE GSI1PK, GSI1SK",
        ConditionExpression: "attribute_exists(PK) AND #status <> :sent",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sent": "sent",
          ":at": info.sentAt ?? new Date().toISOString(),
          ":tid": info.transportId ?? "",
        },
      });
    },

    /** Gives a failed send back to the queue, with the reason. */
    releaseAlert(key: AlertKey, reason: string): Promise<boolean> {
      return update(key, {
        UpdateExpression: "SET #status = :pending, lastError = :reason REMOVE claimedAt",
        ConditionExpression: "#status = :sending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":sending": "sending",
          ":reason": reason.slice(0, 500),
        },
      });
    },
  };
}
