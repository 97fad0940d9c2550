// SQS records as the schedule Lambda enqueues them for the crawl Lambda, for the sample sites.
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import type { Bureau, Registry } from "../../shared/domain/registry.ts";

export function crawlRecords(bureaus: readonly Bureau[], registry: Registry) {
  return bureaus.map((bureau, i) => ({
    messageId: String(i),
    body: JSON.stringify({
      bureau,
      cycleAt: "2026-11-22T18:00:00.000Z",
      today: SAMPLE_GROUND_TRUTH.today,
      resolve: registry.resolve,
      allowPrivateNetwork: true,
    }),
  }));
}
