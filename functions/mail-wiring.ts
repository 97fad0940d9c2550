// What the functions that e-mail the offices (alert dispatch, weekly digest) are built from: the table,
// SES sending as the configured sender, and the registry, read per run so offices' addresses change
// without a redeploy.
import { S3Client } from "@aws-sdk/client-s3";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Registry } from "../shared/domain/registry.ts";
import { DEFAULT_FROM } from "../shared/mail/alert-email.ts";
import type { MailAddress } from "../shared/mail/mime.ts";
import { SesTransport } from "../shared/mail/transports.ts";
import { createRepository, type Repository } from "../shared/store/repository.ts";
import { createDocumentClient } from "../shared/store/sdk-client.ts";
import { dispatchEnvSchema, loadRegistryFrom, readEnv } from "./config.ts";

export interface MailWiring {
  repo: Repository;
  transport: SesTransport;
  from: MailAddress;
  loadRegistry(): Promise<Registry>;
}

export function mailWiringFromEnv(): MailWiring {
  const env = readEnv(dispatchEnvSchema);
  const { doc } = createDocumentClient();
  const s3 = new S3Client({});
  return {
    repo: createRepository({ doc, tableName: env.TABLE_NAME }),
    transport: new SesTransport(new SESv2Client({})),
    from: { address: env.MAIL_FROM, name: env.MAIL_FROM_NAME ?? DEFAULT_FROM.name ?? "" },
    loadRegistry: () => loadRegistryFrom(env.REGISTRY, s3, env.BUCKET_NAME),
  };
}
