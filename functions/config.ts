// Configuration of the Lambdas: environment variables validated once per cold start, and the messages
// that pass between the schedule and crawl functions.
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { type CrawlMessage, crawlMessageSchema } from "../shared/cycle/crawl-messages.ts";
import type { Registry } from "../shared/domain/registry.ts";
import { parseRegistry } from "../shared/registry/index.ts";

export class ConfigError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

const nonEmpty = z.string().trim().min(1);

export const crawlEnvSchema = z.object({
  TABLE_NAME: nonEmpty,
  BUCKET_NAME: nonEmpty,
});
export const scheduleEnvSchema = z.object({
  QUEUE_URL: z.url(),
  TABLE_NAME: nonEmpty,
  BUCKET_NAME: nonEmpty,
  /** Inline registry JSON (starts with "{"), or the key of the registry object in BUCKET_NAME. */
  REGISTRY: nonEmpty,
});

export function readEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid function configuration: ${problems}`);
  }
  return result.data;
}

/** The functions that e-mail the offices: alert dispatch and the weekly digest. */
export const dispatchEnvSchema = z
  .object({
    TABLE_NAME: nonEmpty,
    BUCKET_NAME: nonEmpty,
    REGISTRY: nonEmpty,
    /** The sender, e.g. "monitor@zwgk.example.gov.cn" (with SES, a verified identity). */
    MAIL_FROM: z.email(),
    MAIL_FROM_NAME: z.string().optional(),
    /** SES, or an SMTP relay (where SES is not offered, such as the AWS China regions). */
    MAIL_TRANSPORT: z.enum(["ses", "smtp"]).default("ses"),
    /** With smtp: the Secrets Manager secret (name or ARN) holding the relay's settings. */
    SMTP_SECRET: nonEmpty.optional(),
  })
  .refine((env) => env.MAIL_TRANSPORT !== "smtp" || env.SMTP_SECRET !== undefined, {
    message: "MAIL_TRANSPORT=smtp needs SMTP_SECRET (the secret holding the relay's settings)",
    path: ["SMTP_SECRET"],
  });

export function parseCrawlMessage(body: string): CrawlMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new ConfigError("crawl message is not JSON", { cause });
  }
  const result = crawlMessageSchema.safeParse(json);
  if (!result.success)
    throw new ConfigError(`invalid crawl message: ${result.error.issues[0]?.message ?? "?"}`);
  return result.data;
}

/** A configured JSON document: given inline (it starts with "{"), or the key of an object in `bucket`. */
export async function readJsonSource(source: string, s3: S3Client, bucket: string): Promise<string> {
  if (source.trimStart().startsWith("{")) return source;
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: source }));
  return (await out.Body?.transformToString("utf8")) ?? "";
}

export async function loadRegistryFrom(source: string, s3: S3Client, bucket: string): Promise<Registry> {
  return parseRegistry(JSON.parse(await readJsonSource(source, s3, bucket)));
}
