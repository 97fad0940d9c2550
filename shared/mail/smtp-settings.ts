// The SMTP relay's settings as an operator stores them (a Secrets Manager secret, entered in the console
// as key/value pairs, so every value may come as a string): checked field by field, one-line errors.
import { z } from "zod";
import type { SmtpConfig } from "./smtp-transport.ts";

export class SmtpSettingsError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SmtpSettingsError";
  }
}

const PORT_MESSAGE = "must be a port number, 1–65535";
const port = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(1, { error: PORT_MESSAGE })
    .max(65535, { error: PORT_MESSAGE }),
);
const flag = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean({ error: 'must be true or false (or "true" / "false")' }),
);

const settingsSchema = z
  .strictObject({
    host: z.string({ error: "must be the relay's host name" }).trim().min(1, { error: "must not be empty" }),
    port: port.optional(),
    /** Implicit TLS; by default on for port 465 only (otherwise STARTTLS when offered). */
    secure: flag.optional(),
    user: z.string().min(1).optional(),
    pass: z.string().optional(),
  })
  .refine((s) => (s.user === undefined) === (s.pass === undefined), {
    message: "user and pass go together",
  });

/** `{"host", "port"?, "secure"?, "user"?, "pass"?}` → the transport's settings. */
export function parseSmtpSettings(text: string, source: string): SmtpConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SmtpSettingsError(`${source} is not JSON (expected {"host": …, "port": …})`, { cause });
  }
  const result = settingsSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new SmtpSettingsError(`${source}: ${where}${issue?.message ?? "invalid"}`);
  }
  const { host, user, pass } = result.data;
  const portNumber = result.data.port ?? 587;
  return {
    host,
    port: portNumber,
    secure: result.data.secure ?? portNumber === 465,
    ...(user !== undefined && pass !== undefined ? { auth: { user, pass } } : {}),
  };
}
