// The slice of the Lambda event shapes the handlers use (no @types/aws-lambda in the lockfile).

export interface SqsRecord {
  messageId: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** Partial batch response: only the failed messages return to the queue (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The slice of the Lambda context the handlers use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}
