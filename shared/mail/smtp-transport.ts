// SMTP delivery through nodemailer, for installations that have a mail relay (configured, never default).
import { createRequire } from "node:module";
import type { RenderedEmail } from "./office-email.ts";
import { type MailTransport, MailTransportError } from "./transports.ts";

export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Only for local test servers with self-signed certificates. */
  allowSelfSigned?: boolean;
}

// nodemailer ships no types; this is the part used here. Loaded lazily so bundles that never send SMTP
// (the Lambdas use SES) do not pull it in.
interface NodemailerTransporter {
  sendMail(options: {
    envelope: { from: string; to: string[] };
    raw: string;
  }): Promise<{ messageId?: string; response?: string }>;
  close(): void;
}
type CreateTransport = (options: Record<string, unknown>) => NodemailerTransporter;

export class SmtpTransport implements MailTransport {
  private transporter: NodemailerTransporter | undefined;

  constructor(private readonly config: SmtpConfig) {}

  private get client(): NodemailerTransporter {
    if (!this.transporter) {
      const nodemailer = createRequire(import.meta.url)("nodemailer") as { createTransport: CreateTransport };
      this.transporter = nodemailer.createTransport({
        host: this.config.host,
        port: this.config.port,
        secure: this.config.secure ?? false,
        auth: this.config.auth,
        tls: this.config.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
      });
    }
    return this.transporter;
  }

  async send(email: RenderedEmail): Promise<{ id: string }> {
    try {
      const info = await this.client.sendMail({
        envelope: { from: email.from.address, to: email.to.map((a) => a.address) },
        raw: email.raw,
      });
      return { id: info.messageId ?? email.messageId };
    } catch (cause) {
      const code = (cause as { responseCode?: number }).responseCode;
      throw new MailTransportError(`SMTP delivery of ${email.messageId} failed`, {
        cause,
        retryable: code === undefined || code < 500,
      });
    }
  }

  close(): void {
    this.transporter?.close();
    this.transporter = undefined;
  }
}
