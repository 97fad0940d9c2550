// A small RFC 5322 / MIME writer: UTF-8 encoded-word headers (RFC 2047), base64 bodies, CRLF, folding.
// Hand-written rather than borrowed so the same bytes go to the outbox file, SMTP and SES.
import { createHash } from "node:crypto";

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MimeMessageInput {
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  /** Without angle brackets, e.g. "alert.1f2e…@gdm.local". */
  messageId: string;
  date: Date;
  text: string;
  html: string;
  /** Extra headers (ASCII names; values are encoded when not ASCII). */
  headers?: Record<string, string>;
}

const CRLF = "\r\n";
// Encoded words are at most 75 characters; "=?UTF-8?B?" + "?=" leaves 63 for base64, i.e. 45 bytes.
const MAX_WORD_BYTES = 45;

function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 B-encoding, split on character boundaries so no UTF-8 sequence straddles two words. */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = "";
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, "utf8");
    if (bytes + size > MAX_WORD_BYTES && chunk) {
      words.push(chunk);
      chunk = "";
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`);
}

/** A header value, encoded when needed and folded with CRLF + space between encoded words. */
export function headerValue(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, " ");
  if (isPrintableAscii(oneLine) && oneLine.length <= 900) return oneLine;
  return encodeWords(oneLine).join(`${CRLF} `);
}

export function formatAddress(a: MailAddress): string {
  if (!/^[^\s<>@",;]+@[^\s<>@",;]+$/.test(a.address))
    throw new RangeError(`not an e-mail address: ${a.address}`);
  if (!a.name) return a.address;
  const name = isPrintableAscii(a.name)
    ? `"${a.name.replace(/["\\]/g, "\\$&")}"`
    : encodeWords(a.name).join(" ");
  return `${name} <${a.address}>`;
}

/** RFC 5322 date-time in UTC ("Mon, 23 Nov 2026 15:36:10 +0000"). */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

/** Canonical form of a text part is CRLF line ends (RFC 2046 §4.1.1), then base64 in 76-character lines. */
function base64Lines(text: string): string {
  const b64 = Buffer.from(text.replace(/\r?\n/g, CRLF), "utf8").toString("base64");
  return (b64.match(/.{1,76}/g) ?? [""]).join(CRLF);
}

/** multipart/alternative (text first, HTML preferred), every line CRLF-terminated. */
export function buildMimeMessage(m: MimeMessageInput): string {
  const boundary = `=_gdm_${createHash("sha256").update(m.messageId).digest("hex").slice(0, 24)}`;
  const headers: [string, string][] = [
    ["From", formatAddress(m.from)],
    ["To", m.to.map(formatAddress).join(`,${CRLF} `)],
    ["Subject", headerValue(m.subject)],
    ["Date", formatDate(m.date)],
    ["Message-ID", `<${m.messageId}>`],
    ["MIME-Version", "1.0"],
    ...Object.entries(m.headers ?? {}).map(([k, v]): [string, string] => [k, headerValue(v)]),
    ["Content-Type", `multipart/alternative; boundary="${boundary}"`],
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(body),
    ].join(CRLF);
  return [
    ...headers.map(([k, v]) => `${k}: ${v}`),
    "",
    "This is a multipart message in MIME format.",
    part("text/plain", m.text),
    part("text/html", m.html),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}
