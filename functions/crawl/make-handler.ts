// The crawl Lambda's event loop, free of the heavy pipeline imports so it can be tested on its own.
// The messages of one batch are processed at once: a bureau's crawl is mostly polite waiting (≥ 3 s
// between two requests to a host), so overlapping a batch of bureaus costs about one bureau's billed time.

import type { CrawlMessage } from "../../shared/cycle/crawl-messages.ts";
import type { Bureau } from "../../shared/domain/registry.ts";
import { parseCrawlMessage } from "../config.ts";
import type { LambdaContext, SqsBatchResponse, SqsEvent } from "../lambda-types.ts";

/** Time kept back at the end of an invocation to report the batch before Lambda stops it. */
export const DEFAULT_SAFETY_MARGIN_MS = 30_000;

/** Identity of one invocation: what its messages share (pacing per host, the crawl state cache). */
export type Invocation = object;

/** How long a late bureau gets, once told to stop, to unwind before the batch is reported anyway. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/** The invocation's time ran out while this bureau was being worked on; SQS will deliver it again. */
export class OutOfTimeError extends Error {
  override readonly name = "OutOfTimeError";
  readonly retryable = true;
}

export interface CrawlHandlerDeps {
  /** `signal` aborts when the invocation runs out of time: stop, and write nothing more. */
  process(
    bureau: Bureau,
    message: CrawlMessage,
    invocation: Invocation,
    signal: AbortSignal,
  ): Promise<{ status: string; errors: string[] }>;
  log?: (entry: Record<string, unknown>) => void;
  /** Default DEFAULT_SAFETY_MARGIN_MS. */
  safetyMarginMs?: number;
  /** Default DEFAULT_STOP_GRACE_MS; keep it well inside the safety margin. */
  stopGraceMs?: number;
}

const OUT_OF_TIME = Symbol("out of time");

export function makeHandler(deps: CrawlHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const margin = deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  const grace = deps.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  return async (event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse> => {
    const invocation: Invocation = {};
    // A site that is still being crawled when time runs out must not take its batch-mates down with it
    // (a Lambda timeout would return every message of the batch to the queue, and after a few receives
    // send them all to the DLQ): past the deadline the batch is reported, the late bureau as failed.
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = context
      ? new Promise<typeof OUT_OF_TIME>((resolve) => {
          timer = setTimeout(
            () => resolve(OUT_OF_TIME),
            Math.max(0, context.getRemainingTimeInMillis() - margin),
          );
        })
      : undefined;
    const handleRecord = async (record: SqsEvent["Records"][number], signal: AbortSignal) => {
      try {
        const message = parseCrawlMessage(record.body);
        const outcome = await deps.process(message.bureau, message, invocation, signal);
        log({
          event: "bureau-done",
          bureau: message.bureau.id,
          status: outcome.status,
          errors: outcome.errors.length,
        });
        return undefined;
      } catch (error) {
        // Stopped for lack of time: reported as out of time by the caller.
        if (signal.aborted) return record.messageId;
        // Only this message goes back to the queue; after maxReceiveCount it lands in the DLQ.
        log({
          event: "bureau-failed",
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
        return record.messageId;
      }
    };
    const failed = await Promise.all(
      event.Records.map(async (record) => {
        const stop = new AbortController();
        const work = handleRecord(record, stop.signal);
        const result = await (outOfTime ? Promise.race([work, outOfTime]) : work);
        if (result !== OUT_OF_TIME) return result;
        // Told to stop, the bureau's work ends its requests and writes nothing more; waiting for it to
        // unwind means none of it resumes in a later invocation, beside SQS's second delivery.
        stop.abort(new OutOfTimeError(`out of time (message ${record.messageId})`));
        let graceTimer: NodeJS.Timeout | undefined;
        const unwound = await Promise.race([
          work.then(() => true),
          new Promise<false>((resolve) => {
            graceTimer = setTimeout(() => resolve(false), grace);
          }),
        ]);
        clearTimeout(graceTimer);
        log({ event: "bureau-out-of-time", messageId: record.messageId, stopped: unwound });
        return record.messageId;
      }),
    );
    clearTimeout(timer);
    return {
      batchItemFailures: failed
        .filter((id): id is string => id !== undefined)
        .map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
}
