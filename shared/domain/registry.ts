// The registry (DESIGN §4, a contract). The schema that validates it lives in shared/registry/.
import type { AgencyType } from "./keys.ts";

export interface Office {
  id: string;
  name: string;
  emails: string[];
}

export interface Bureau {
  id: string;
  name: string;
  /** 行政区划代码, six digits. */
  regionCode: string;
  agencyType: AgencyType;
  /** An office id. */
  supervisor: string;
  /** Base URL of the bureau's site. */
  site: string;
  /** Entry URLs of the annual-report column. */
  listings: string[];
  /** Extra allowed hosts (an attachment server, …). */
  hosts?: string[];
  /** A local deadline replacing the statutory one (month/day of the year after the report year). */
  deadlineOverride?: { month: number; day: number };
  /** Extra regular expressions (source strings) for report links. */
  linkPatterns?: string[];
  /**
   * Read its https pages even when the certificate does not verify (expired, self-signed, an incomplete
   * chain, another host's name). Off by default: such a crawl fails with a line naming the reason.
   */
  acceptInvalidCertificates?: boolean;
}

export interface Registry {
  offices: Office[];
  bureaus: Bureau[];
  /** host → address[:port], like curl's --resolve. */
  resolve?: Record<string, string>;
  /** Must be true for any private or loopback address to be fetched. */
  allowPrivateNetwork?: boolean;
}
