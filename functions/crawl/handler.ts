// Crawl Lambda: one SQS message = one bureau; runs the same use-case as the local cycle.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { crawlBureau } from "../../shared/crawl/crawl-bureau.ts";
import { createFetcher } from "../../shared/crawl/fetcher.ts";
import { processBureau } from "../../shared/cycle/process-bureau.ts";
import { readReport } from "../../shared/report/read-report.ts";
import { S3SnapshotStore } from "../../shared/snapshots/index.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { crawlEnvSchema, readEnv } from "../config.ts";
import type { SqsEvent } from "../lambda-types.ts";
import { makeHandler } from "./make-handler.ts";

export { makeHandler } from "./make-handler.ts";

function buildDefault() {
  const env = readEnv(crawlEnvSchema);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const repo = createRepository({ doc, tableName: env.TABLE_NAME });
  const snapshots = new S3SnapshotStore(new S3Client({}), env.BUCKET_NAME);
  return makeHandler({
    async process(bureau, message) {
      const fetcher = createFetcher({
        resolve: message.resolve,
        allowPrivateNetwork: message.allowPrivateNetwork,
      });
      const crawlState = repo.crawlState();
      // Validators are committed by processBureau once the documents are stored (same as the local cycle).
      const crawlDeps = { fetcher, state: crawlState, urlStateWrites: "deferred" as const };
      try {
        return await processBureau(bureau, {
          crawl: (b) => crawlBureau(b, crawlDeps),
          read: readReport,
          repo,
          snapshots,
          crawlState,
          today: message.today,
          cycleAt: message.cycleAt,
        });
      } finally {
        await fetcher.close();
      }
    },
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: SqsEvent) => {
  cached ??= buildDefault();
  return cached(event);
};
