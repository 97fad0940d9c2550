// The embedded stack (DESIGN §2): dynalite for the table, files for snapshots and the outbox, SMTP when
// configured. Hands out the same repository and adapters the Lambdas get in AWS.
import path from "node:path";
import {
  FileOutboxTransport,
  type MailTransport,
  type SmtpConfig,
  SmtpTransport,
} from "../../shared/mail/index.ts";
import { FileSnapshotStore, type SnapshotStore } from "../../shared/snapshots/index.ts";
import { createRepository, type Repository } from "../../shared/store/repository.ts";
import { type LocalDynamo, startDynalite } from "./dynalite.ts";

export interface LocalStackOptions {
  /** Default `.data` (relative to the working directory). */
  dataDir?: string;
  /** When given, alerts go out by SMTP instead of into `<dataDir>/outbox`. */
  smtp?: SmtpConfig;
  tableName?: string;
}

export interface LocalStack {
  dataDir: string;
  dynamo: LocalDynamo;
  repo: Repository;
  snapshots: SnapshotStore;
  outboxTransport: MailTransport;
  /** Where `.eml` files are written (also when SMTP is used, for digests and the like). */
  outboxDir: string;
  stop(): Promise<void>;
}

/** SMTP settings from GDM_SMTP_HOST / _PORT / _USER / _PASS / _SECURE, or undefined when not configured. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpConfig | undefined {
  const host = env.GDM_SMTP_HOST;
  if (!host) return undefined;
  const port = Number(env.GDM_SMTP_PORT ?? 587);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new RangeError(`GDM_SMTP_PORT is not a port: ${env.GDM_SMTP_PORT}`);
  const user = env.GDM_SMTP_USER;
  return {
    host,
    port,
    secure: env.GDM_SMTP_SECURE === "true",
    auth: user ? { user, pass: env.GDM_SMTP_PASS ?? "" } : undefined,
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = path.resolve(options.dataDir ?? ".data");
  const dynamo = await startDynalite({ dataDir, tableName: options.tableName });
  const outboxDir = path.join(dataDir, "outbox");
  const smtp = options.smtp ? new SmtpTransport(options.smtp) : undefined;
  return {
    dataDir,
    dynamo,
    repo: createRepository({ doc: dynamo.doc, tableName: dynamo.tableName }),
    snapshots: new FileSnapshotStore(path.join(dataDir, "snapshots")),
    outboxTransport: smtp ?? new FileOutboxTransport(outboxDir),
    outboxDir,
    async stop() {
      smtp?.close();
      await dynamo.stop();
    },
  };
}
