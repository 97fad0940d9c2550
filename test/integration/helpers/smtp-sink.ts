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
  /** The user the client logged in as, when the sink asks for a login. */
  user?: string;
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** With `login`, the sink takes mail only from a client that logs in with that user and password. */
export async function startSmtpSink(
  options: { login?: { user: string; pass: string } } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const { login } = options;
  const smtp = new SMTPServer({
    authOptional: !login,
    allowInsecureAuth: true,
    disabledCommands: login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    logger: false,
    onAuth(
      auth: { username?: string; password?: string },
      _session: unknown,
      done: (err: Error | null, result?: { user: string }) => void,
    ) {
      if (login && auth.username === login.user && auth.password === login.pass)
        done(null, { user: auth.username });
      else done(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(
      stream: NodeJS.ReadableStream,
      session: {
        user?: string;
        envelope: { mailFrom: { address: string }; rcptTo: { address: string }[] };
      },
      done: (err?: Error) => void,
    ) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          ...(session.user ? { user: session.user } : {}),
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
