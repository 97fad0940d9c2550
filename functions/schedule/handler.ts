// Schedule Lambda (EventBridge Scheduler): reads the registry, mirrors it into the table (the bureaus and
// offices the API and digests look up; one read when unchanged), and enqueues one crawl message per bureau.
import { S3Client } from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type CycleStartDeps, startCycle } from "../../shared/cycle/crawl-messages.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { loadRegistryFrom, readEnv, scheduleEnvSchema } from "../config.ts";

/** The payload the schedule sends (`<aws.scheduler.scheduled-time>` filled in by EventBridge Scheduler). */
export interface ScheduleEvent {
  scheduledAt?: string;
}

export type ScheduleHandlerDeps = CycleStartDeps;

export function makeHandler(deps: ScheduleHandlerDeps) {
  return (event: ScheduleEvent = {}) => startCycle(deps, event.scheduledAt);
}

function buildDefault() {
  const env = readEnv(scheduleEnvSchema);
  const s3 = new S3Client({});
  const sqs = new SQSClient({});
  const repo = createRepository({ doc: createDocumentClient().doc, tableName: env.TABLE_NAME });
  return makeHandler({
    loadRegistry: () => loadRegistryFrom(env.REGISTRY, s3, env.BUCKET_NAME),
    syncDirectory: (registry) => repo.syncDirectory(registry),
    async sendBatch(entries) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env.QUEUE_URL,
          Entries: entries.map((e) => ({ Id: e.id, MessageBody: e.body })),
        }),
      );
      return out.Failed?.length ?? 0;
    },
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: ScheduleEvent) => {
  cached ??= buildDefault();
  return cached(event);
};
