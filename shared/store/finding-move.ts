// A bureau the registry has put under another office takes its findings along (open and resolved): the
// new office's findings API and weekly digest show them, the old office's no longer do. Alerts already
// queued stay addressed to the office that supervised the bureau when they were raised.
import type { KnownFindings } from "./bureau-state.ts";
import { type StoreContext, updateIf } from "./dynamo-helpers.ts";
import { bureauPk, officePk } from "./table-schema.ts";

export function findingMove(ctx: StoreContext) {
  return {
    /**
     * Moves every finding of the bureau in `known` (BureauState.findings, kept current) that is filed
     * under another office to `officeId`. Returns how many moved; nothing is written when none is filed
     * elsewhere, so a cycle with an unchanged registry costs nothing here.
     */
    async moveFindings(bureauId: string, officeId: string, known: KnownFindings): Promise<number> {
      let moved = 0;
      for (const [sk, entry] of known) {
        const from = entry.finding.officeId;
        if (from === officeId) continue;
        // Only from where it was read: a concurrent run that moved or reopened it already did the work.
        const ok = await updateIf(
          ctx,
          { PK: bureauPk(bureauId), SK: sk },
          {
            UpdateExpression: "SET officeId = :to, GSI1PK = :index",
            ConditionExpression: "officeId = :from AND occurrence = :occ",
            ExpressionAttributeValues: {
              ":to": officeId,
              ":index": officePk(officeId),
              ":from": from,
              ":occ": entry.finding.occurrence,
            },
          },
        );
        if (ok) {
          known.set(sk, { ...entry, finding: { ...entry.finding, officeId } });
          moved++;
        }
      }
      return moved;
    },
  };
}
