// A real SMTP server (npm smtp-server) on 127.0.0.1 that keeps every message it receives, as sent.
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

// smtp-server ships no types: the few members used here.
interface SmtpServerLike {
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
  server: { address(): AddressInfo };
}
type SmtpServerCtor = new (options: Record<string, unknown>) => SmtpServerLike;
const { SMTPServer } = createRequire(import.meta.url)("smtp-server") as { SMTPServer: SmtpServerCtor };

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(
      stream: NodeJS.ReadableStream,
      session: { envelope: { mailFrom: { address: string }; rcptTo: { address: string }[] } },
      done: (err?: Error) => void,
    ) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return {
    port: smtp.server.address().port,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(resolve)),
  };
}
