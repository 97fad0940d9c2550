// Crawl Lambda: one SQS message = one bureau; runs the same use-case as the local cycle.
import { S3Client } from "@aws-sdk/client-s3";
import { S3SnapshotStore } from "../../shared/snapshots/index.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { crawlEnvSchema, readEnv } from "../config.ts";
import type { LambdaContext, SqsEvent } from "../lambda-types.ts";
import { makeHandler } from "./make-handler.ts";
import { makeProcessMessage } from "./process-message.ts";

export { makeHandler } from "./make-handler.ts";

function buildDefault() {
  const env = readEnv(crawlEnvSchema);
  const { doc } = createDocumentClient();
  const repo = createRepository({ doc, tableName: env.TABLE_NAME });
  const snapshots = new S3SnapshotStore(new S3Client({}), env.BUCKET_NAME);
  return makeHandler({ process: makeProcessMessage({ repo, snapshots }) });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: SqsEvent, context?: LambdaContext) => {
  cached ??= buildDefault();
  return cached(event, context);
};
