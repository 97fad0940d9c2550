// The crawl Lambda's event loop, free of the heavy pipeline imports so it can be tested on its own.
import type { Bureau } from "../../shared/domain/registry.ts";
import { type CrawlMessage, parseCrawlMessage } from "../config.ts";
import type { SqsBatchResponse, SqsEvent } from "../lambda-types.ts";

export interface CrawlHandlerDeps {
  process(bureau: Bureau, message: CrawlMessage): Promise<{ status: string; errors: string[] }>;
  log?: (entry: Record<string, unknown>) => void;
}

export function makeHandler(deps: CrawlHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const batchItemFailures: SqsBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      try {
        const message = parseCrawlMessage(record.body);
        const outcome = await deps.process(message.bureau, message);
        log({
          event: "bureau-done",
          bureau: message.bureau.id,
          status: outcome.status,
          errors: outcome.errors.length,
        });
      } catch (error) {
        // Only this message goes back to the queue; after maxReceiveCount it lands in the DLQ.
        log({
          event: "bureau-failed",
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
