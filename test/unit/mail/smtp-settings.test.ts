import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSmtpSettings, SmtpSettingsError } from "../../../shared/mail/smtp-settings.ts";

const parse = (value: unknown) => parseSmtpSettings(JSON.stringify(value), "secret gdm/smtp");

describe("SMTP relay settings from a secret", () => {
  it("reads JSON values and the console's key/value pairs (all strings) alike", () => {
    const typed = parse({ host: "smtp.example.gov.cn", port: 465, secure: true, user: "u", pass: "p" });
    const strings = parse({ host: "smtp.example.gov.cn", port: "465", secure: "true", user: "u", pass: "p" });
    expect(strings).toEqual(typed);
    expect(typed).toEqual({
      host: "smtp.example.gov.cn",
      port: 465,
      secure: true,
      auth: { user: "u", pass: "p" },
    });
  });

  it("defaults to the submission port with STARTTLS, implicit TLS on 465, and no login", () => {
    expect(parse({ host: "relay" })).toEqual({ host: "relay", port: 587, secure: false });
    expect(parse({ host: "relay", port: 465 }).secure).toBe(true);
    expect(parse({ host: "relay", port: "465", secure: "false" }).secure).toBe(false);
  });

  it.each([
    [{ port: 25 }, "secret gdm/smtp: host: must be the relay's host name"],
    [{ host: " " }, "secret gdm/smtp: host: must not be empty"],
    [{ host: "relay", port: "smtp" }, "secret gdm/smtp: port: must be a port number, 1–65535"],
    [{ host: "relay", port: 70000 }, "secret gdm/smtp: port: must be a port number, 1–65535"],
    [
      { host: "relay", secure: "yes" },
      'secret gdm/smtp: secure: must be true or false (or "true" / "false")',
    ],
    [{ host: "relay", user: "u" }, "secret gdm/smtp: user and pass go together"],
    [{ host: "relay", password: "p" }, 'secret gdm/smtp: Unrecognized key: "password"'],
  ])("refuses %j with one line naming the field", (value, message) => {
    expect(() => parse(value)).toThrow(new SmtpSettingsError(message));
  });

  it("refuses text that is not JSON, without echoing it (it may hold the password)", () => {
    let error: unknown;
    try {
      parseSmtpSettings("host=relay pass=hunter2", "secret gdm/smtp");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SmtpSettingsError);
    expect((error as Error).message).toBe('secret gdm/smtp is not JSON (expected {"host": …, "port": …})');
    expect((error as SmtpSettingsError).retryable).toBe(false);
  });

  it("never throws anything but its own error, and never shows the password", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            parseSmtpSettings(text, "s");
          } catch (error) {
            expect(error).toBeInstanceOf(SmtpSettingsError);
            expect((error as Error).message).not.toContain("\n");
          }
        },
      ),
    );
    const secret = "Tr0ub4dor&3-unique";
    for (const value of [
      { host: "r", user: "u", pass: secret, port: "x" },
      { host: "r", pass: secret },
    ]) {
      expect(() => parse(value)).toThrow(SmtpSettingsError);
      try {
        parse(value);
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});
