// Dispatch Lambda (every few minutes): sends the pending alerts of the outbox through SES, once each.
import { S3Client } from "@aws-sdk/client-s3";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { type DispatchResult, dispatchOutbox } from "../../shared/mail/dispatch.ts";
import { SesTransport } from "../../shared/mail/transports.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { dispatchEnvSchema, loadRegistryFrom, readEnv } from "../config.ts";

export interface DispatchHandlerDeps {
  dispatch(): Promise<DispatchResult>;
  log?: (entry: Record<string, unknown>) => void;
}

export function makeHandler(deps: DispatchHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (): Promise<DispatchResult> => {
    const result = await deps.dispatch();
    log({
      event: "outbox-dispatched",
      sent: result.sent,
      failed: result.failed,
      skipped: result.skipped,
      errors: result.errors.slice(0, 20),
    });
    return result;
  };
}

function buildDefault() {
  const env = readEnv(dispatchEnvSchema);
  const { doc } = createDocumentClient();
  const repo = createRepository({ doc, tableName: env.TABLE_NAME });
  const s3 = new S3Client({});
  const transport = new SesTransport(new SESv2Client({}));
  const from = { address: env.MAIL_FROM, name: env.MAIL_FROM_NAME ?? "政府信息公开年报监测" };
  return makeHandler({
    // The registry is read per run: offices' addresses change without a redeploy.
    dispatch: async () =>
      dispatchOutbox(repo, transport, await loadRegistryFrom(env.REGISTRY, s3, env.BUCKET_NAME), { from }),
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = () => {
  cached ??= buildDefault();
  return cached();
};
