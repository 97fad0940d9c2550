// What the functions that e-mail the offices (alert dispatch, weekly digest) are built from: the table,
// SES or an SMTP relay sending as the configured sender, and the registry, read per run so offices'
// addresses change without a redeploy.
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Registry } from "../shared/domain/registry.ts";
import { DEFAULT_FROM } from "../shared/mail/alert-email.ts";
import type { MailAddress } from "../shared/mail/mime.ts";
import { parseSmtpSettings } from "../shared/mail/smtp-settings.ts";
import { type SmtpConfig, SmtpTransport } from "../shared/mail/smtp-transport.ts";
import { type MailTransport, SesTransport } from "../shared/mail/transports.ts";
import { createRepository, type Repository } from "../shared/store/repository.ts";
import { createDocumentClient } from "../shared/store/sdk-client.ts";
import { ConfigError, dispatchEnvSchema, loadRegistryFrom, readEnv } from "./config.ts";

export interface MailWiring {
  repo: Repository;
  transport: MailTransport;
  from: MailAddress;
  loadRegistry(): Promise<Registry>;
}

export function mailWiringFromEnv(): MailWiring {
  const env = readEnv(dispatchEnvSchema);
  const { doc } = createDocumentClient();
  const s3 = new S3Client({});
  return {
    repo: createRepository({ doc, tableName: env.TABLE_NAME }),
    transport:
      env.MAIL_TRANSPORT === "smtp" && env.SMTP_SECRET
        ? new SmtpTransport(smtpSettingsFromSecret(new SecretsManagerClient({}), env.SMTP_SECRET))
        : new SesTransport(new SESv2Client({})),
    from: { address: env.MAIL_FROM, name: env.MAIL_FROM_NAME ?? DEFAULT_FROM.name ?? "" },
    loadRegistry: () => loadRegistryFrom(env.REGISTRY, s3, env.BUCKET_NAME),
  };
}

/** The relay's settings, read from the secret when the first message is sent (again after a failure). */
export function smtpSettingsFromSecret(
  secrets: Pick<SecretsManagerClient, "send">,
  secretId: string,
): () => Promise<SmtpConfig> {
  return async () => {
    let out: { SecretString?: string };
    try {
      out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    } catch (cause) {
      throw new ConfigError(`secret ${secretId} could not be read: ${(cause as Error).message}`, { cause });
    }
    if (out.SecretString === undefined)
      throw new ConfigError(`secret ${secretId} holds no text (expected the relay's settings as JSON)`);
    return parseSmtpSettings(out.SecretString, `secret ${secretId}`);
  };
}
