// The crawl Lambda's event loop, free of the heavy pipeline imports so it can be tested on its own.
// The messages of one batch are processed at once: a bureau's crawl is mostly polite waiting (≥ 3 s
// between two requests to a host), so overlapping ten bureaus costs one bureau's billed time, not ten.
import type { Bureau } from "../../shared/domain/registry.ts";
import { type CrawlMessage, parseCrawlMessage } from "../config.ts";
import type { SqsBatchResponse, SqsEvent } from "../lambda-types.ts";

/** Identity of one invocation: what its messages share (pacing per host, the crawl state cache). */
export type Invocation = object;

export interface CrawlHandlerDeps {
  process(
    bureau: Bureau,
    message: CrawlMessage,
    invocation: Invocation,
  ): Promise<{ status: string; errors: string[] }>;
  log?: (entry: Record<string, unknown>) => void;
}

export function makeHandler(deps: CrawlHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const invocation: Invocation = {};
    const failed = await Promise.all(
      event.Records.map(async (record) => {
        try {
          const message = parseCrawlMessage(record.body);
          const outcome = await deps.process(message.bureau, message, invocation);
          log({
            event: "bureau-done",
            bureau: message.bureau.id,
            status: outcome.status,
            errors: outcome.errors.length,
          });
          return undefined;
        } catch (error) {
          // Only this message goes back to the queue; after maxReceiveCount it lands in the DLQ.
          log({
            event: "bureau-failed",
            messageId: record.messageId,
            error: error instanceof Error ? error.message : String(error),
          });
          return record.messageId;
        }
      }),
    );
    return {
      batchItemFailures: failed
        .filter((id): id is string => id !== undefined)
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
}
