// Where rendered e-mails go: .eml files in the local outbox, or SES. (SMTP: smtp-transport.ts.)
import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { RenderedEmail } from "./office-email.ts";

export interface MailTransport {
  /** Delivers the message; returns an id the transport knows it by (file path, SMTP/SES message id). */
  send(email: RenderedEmail): Promise<{ id: string }>;
}

export class MailTransportError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = "MailTransportError";
    this.retryable = options.retryable ?? true;
  }
}

/** `<dir>/<email.id>.eml`: the name is derived from the alert, so a re-send overwrites, never duplicates. */
export class FileOutboxTransport implements MailTransport {
  constructor(private readonly dir: string) {}

  async send(email: RenderedEmail): Promise<{ id: string }> {
    const file = path.join(this.dir, `${email.id}.eml`);
    try {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(tmp, email.raw, "utf8");
      await rename(tmp, file);
    } catch (cause) {
      throw new MailTransportError(`could not write ${file}`, { cause });
    }
    return { id: file };
  }
}

/** Amazon SES v2, sending the very same raw MIME bytes. */
export class SesTransport implements MailTransport {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: { configurationSet?: string } = {},
  ) {}

  async send(email: RenderedEmail): Promise<{ id: string }> {
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: email.from.address,
          Destination: { ToAddresses: email.to.map((a) => a.address) },
          Content: { Raw: { Data: Buffer.from(email.raw, "utf8") } },
          ConfigurationSetName: this.options.configurationSet,
        }),
      );
      return { id: out.MessageId ?? email.messageId };
    } catch (cause) {
      const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500;
      throw new MailTransportError(`SES refused ${email.messageId}`, {
        cause,
        retryable: status >= 500 || status === 429,
      });
    }
  }
}
