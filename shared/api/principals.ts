// IAM principals as offices' credentials, for a findings API whose routes API Gateway authorises with IAM
// (SigV4). In the AWS China regions API Gateway serves requests without IAM authorisation only for an
// account with an ICP licence; IAM-authorised ones it serves for any. API Gateway has checked the
// signature, so the handler only maps the caller's ARN to its office.
import { z } from "zod";

const CONFIGURED_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(user|role)\/(\S+)$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([^/\s]+)\/\S+$/;

export interface PrincipalEntry {
  office: string;
  /** An IAM user's or role's ARN. */
  arn: string;
}

/**
 * The key an ARN is matched by: a user's ARN as it is, a role's without its path, and a session of an
 * assumed role as its role (what API Gateway reports of a caller using a role's credentials).
 */
export function principalKey(arn: string): string | undefined {
  const assumed = ASSUMED_ROLE_ARN.exec(arn);
  if (assumed) return `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}`;
  const configured = CONFIGURED_ARN.exec(arn);
  if (!configured) return undefined;
  const [, partition, account, kind, name] = configured;
  return kind === "role" ? `arn:${partition}:iam::${account}:role/${name?.split("/").at(-1)}` : arn;
}

export const principalEntrySchema = z.strictObject({
  office: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, "is not an office id"),
  arn: z
    .string()
    .regex(CONFIGURED_ARN, "must be an IAM user's or role's ARN (arn:aws-cn:iam::<account>:role/<name>)"),
});

/** The office of a caller's ARN, or undefined for a principal no office was given. */
export function principalLookup(entries: readonly PrincipalEntry[]): (arn: string) => string | undefined {
  const offices = new Map<string, string>();
  for (const entry of entries) {
    const key = principalKey(entry.arn);
    if (key && !offices.has(key)) offices.set(key, entry.office);
  }
  return (arn) => {
    const key = principalKey(arn);
    return key === undefined ? undefined : offices.get(key);
  };
}
