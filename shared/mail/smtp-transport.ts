// SMTP delivery through nodemailer, for installations that have a mail relay (configured, never default).
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

type NodemailerTransporter = ReturnType<typeof import("nodemailer").createTransport>;

/**
 * Where the settings come from: given, or loaded on first use (the Lambdas read them from a secret, so
 * a cold start that sends nothing reads nothing, and a fixed secret is picked up by the next run).
 */
export type SmtpConfigSource = SmtpConfig | (() => Promise<SmtpConfig>);

export class SmtpTransport implements MailTransport {
  private transporter: Promise<NodemailerTransporter> | undefined;

  constructor(private readonly config: SmtpConfigSource) {}

  private client(): Promise<NodemailerTransporter> {
    if (!this.transporter) {
      const connecting = this.connect();
      this.transporter = connecting;
      // A failed load (an unreadable secret) is tried again on the next message, not remembered.
      connecting.catch(() => {
        if (this.transporter === connecting) this.transporter = undefined;
      });
    }
    return this.transporter;
  }

  private async connect(): Promise<NodemailerTransporter> {
    const config = typeof this.config === "function" ? await this.config() : this.config;
    // Imported on first use, by name, so bundlers include it while processes that never send SMTP never
    // load it.
    const { default: nodemailer } = await import("nodemailer");
    return nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure ?? false,
      ...(config.auth ? { auth: config.auth } : {}),
      ...(config.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(email: RenderedEmail): Promise<{ id: string }> {
    let client: NodemailerTransporter;
    try {
      client = await this.client();
    } catch (cause) {
      // Settings that cannot be read are the operator's to fix: the message stays pending meanwhile.
      throw new MailTransportError(`SMTP not configured: ${(cause as Error).message}`, {
        cause,
        retryable: true,
      });
    }
    try {
      const info = await client.sendMail({
        envelope: { from: email.from.address, to: email.to.map((a) => a.address) },
        raw: email.raw,
      });
      return { id: info.messageId ?? email.messageId };
    } catch (cause) {
      const code = (cause as { responseCode?: number }).responseCode;
      // Refused credentials: the settings are loaded again for the next message (a rotated password).
      if ((cause as { code?: string }).code === "EAUTH") this.transporter = undefined;
      throw new MailTransportError(
        `SMTP delivery of ${email.messageId} failed: ${(cause as Error).message}`,
        {
          cause,
          retryable: code === undefined || code < 500,
        },
      );
    }
  }

  close(): void {
    const transporter = this.transporter;
    this.transporter = undefined;
    transporter?.then((t) => t.close()).catch(() => {});
  }
}
