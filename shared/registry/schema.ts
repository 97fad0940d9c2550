// The registry's zod schema (DESIGN §4). The type assertions at the bottom keep it equal to the contract
// in shared/domain/registry.ts, so the two cannot drift apart.
import { domainToASCII } from "node:url";
import { z } from "zod";
import { AGENCY_TYPES } from "../domain/keys.ts";
import type { Bureau, Office, Registry } from "../domain/registry.ts";

const HOST_RE =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}

/** "addr[:port]" as in curl's --resolve: an IPv4 address, a [bracketed] IPv6 address or a host name. */
export function parseResolveTarget(value: string): { address: string; port?: number } | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^\s:[\]]+))(?::(\d{1,5}))?$/i.exec(value);
  if (!match) return undefined;
  const address = match[1] ?? match[2];
  if (!address) return undefined;
  if (match[1] === undefined && !HOST_RE.test(address) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(address)) {
    return undefined;
  }
  if (match[3] === undefined) return { address };
  const port = Number(match[3]);
  return port >= 1 && port <= 65535 ? { address, port } : undefined;
}

const id = z.string().regex(ID_RE, "must be 1–64 letters, digits, '.', '_' or '-'");
const httpUrl = z.string().refine(isHttpUrl, "must be an http(s) URL");
/**
 * A host name as URLs spell it: lower case, and a Chinese domain (统计局.中国) in its ASCII form
 * (xn--…), which is what `new URL(site).hostname` gives, so `hosts` and `resolve` match the URLs.
 */
const host = z
  .string()
  .transform((value) => domainToASCII(value.trim()) || value)
  .refine((value) => HOST_RE.test(value) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(value), "must be a host name");

export const officeSchema = z.strictObject({
  id,
  name: z.string().min(1, "must not be empty"),
  emails: z.array(z.email("must be an e-mail address")),
});

export const bureauSchema = z.strictObject({
  id,
  name: z.string().min(1, "must not be empty"),
  regionCode: z.string().regex(/^\d{6}$/, "must be six digits (行政区划代码)"),
  agencyType: z.enum(AGENCY_TYPES),
  supervisor: id,
  site: httpUrl,
  listings: z.array(httpUrl).min(1, "must list at least one URL"),
  hosts: z.array(host).optional(),
  deadlineOverride: z
    .strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
    .refine((d) => d.day <= (DAYS_IN_MONTH[d.month - 1] ?? 0), "is not a valid month/day")
    .optional(),
  linkPatterns: z.array(z.string().min(1).refine(compiles, "is not a valid regular expression")).optional(),
  acceptInvalidCertificates: z.boolean().optional(),
});

export const registrySchema = z.strictObject({
  offices: z.array(officeSchema),
  bureaus: z.array(bureauSchema),
  resolve: z
    .record(
      host,
      z.string().refine((v) => parseResolveTarget(v) !== undefined, 'must be "address[:port]"'),
    )
    .optional(),
  allowPrivateNetwork: z.boolean().optional(),
});

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const officeMatches: Equals<z.infer<typeof officeSchema>, Office> = true;
const bureauMatches: Equals<z.infer<typeof bureauSchema>, Bureau> = true;
const registryMatches: Equals<z.infer<typeof registrySchema>, Registry> = true;
export const SCHEMA_MATCHES_CONTRACT = officeMatches && bureauMatches && registryMatches;
