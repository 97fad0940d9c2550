// An e-mail to a supervising office, as every transport sends it: addressed to all of the office's
// addresses, with a Message-ID and a file-name-safe id derived from what the e-mail is about, so a
// re-render of the same alert or digest is the same message (an outbox file is replaced, not doubled).
import { createHash } from "node:crypto";
import type { Office } from "../domain/registry.ts";
import { buildMimeMessage, type MailAddress } from "./mime.ts";

export interface RenderedEmail {
  /** Stable, file-name safe identity of this e-mail (same alert → same id). */
  id: string;
  messageId: string;
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** The complete RFC 5322 message (CRLF line ends), as sent by every transport. */
  raw: string;
}

export interface OfficeEmailInput {
  /** What it is ("alert", "digest"): the Message-ID's first word and, by default, the id's. */
  kind: string;
  /** What makes it this e-mail and no other (hashed into its ids). */
  identity: string;
  /** A readable id instead of `<kind>-<hash>` (file-name safe). */
  id?: string;
  office: Office;
  from: MailAddress;
  subject: string;
  text: string;
  html: string;
  date: Date;
  headers: Record<string, string>;
}

export function composeOfficeEmail(input: OfficeEmailInput): RenderedEmail {
  const hash = createHash("sha256").update(input.identity).digest("hex").slice(0, 32);
  const domain = input.from.address.split("@")[1] ?? "gdm.invalid";
  const messageId = `${input.kind}.${hash}@${domain}`;
  const to = input.office.emails.map((address) => ({ name: input.office.name, address }));
  const { from, subject, text, html, date } = input;
  const raw = buildMimeMessage({ from, to, subject, messageId, date, text, html, headers: input.headers });
  return { id: input.id ?? `${input.kind}-${hash}`, messageId, from, to, subject, text, html, date, raw };
}
