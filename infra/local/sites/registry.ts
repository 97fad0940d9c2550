// The registry that points the monitor at the sample sites: real host names, resolved to the local server.
import type { Office, Registry } from "../../../shared/domain/registry.ts";
import { SAMPLE_SITES } from "./bureaus.ts";
import { extraHosts, siteUrl } from "./site-spec.ts";

/** The demo groups bureaus under three supervising offices; addresses are on example.gov.cn. */
export const SAMPLE_OFFICES: Office[] = [
  { id: "gz-zwgk", name: "广州市人民政府办公厅政务公开办", emails: ["zwgk@gz.example.gov.cn"] },
  { id: "lz-zwgk", name: "泸州市人民政府办公室政务公开科", emails: ["zwgk@luzhou.example.gov.cn"] },
  {
    id: "jr-zwgk",
    name: "句容市人民政府办公室政务公开科",
    emails: ["zwgk@jurong.example.gov.cn", "xxgk@jurong.example.gov.cn"],
  },
];

/** Every host the sample server answers for (bureau sites and their extra hosts). */
export function sampleHosts(): string[] {
  return SAMPLE_SITES.flatMap((site) => [site.host, ...extraHosts(site)]);
}

export function sampleRegistry(port: number): Registry {
  const address = `127.0.0.1:${port}`;
  return {
    offices: SAMPLE_OFFICES.map((o) => ({ ...o, emails: [...o.emails] })),
    bureaus: SAMPLE_SITES.map((site) => ({
      id: site.bureauId,
      name: site.name,
      regionCode: site.regionCode,
      agencyType: site.agencyType,
      supervisor: site.supervisor,
      site: siteUrl(site, "/"),
      listings: [siteUrl(site, site.listingEntry ?? site.listingPath)],
      ...(extraHosts(site).length > 0 ? { hosts: extraHosts(site) } : {}),
    })),
    resolve: Object.fromEntries(sampleHosts().map((host) => [host, address])),
    allowPrivateNetwork: true,
  };
}
