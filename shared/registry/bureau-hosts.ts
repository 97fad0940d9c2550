// Which hosts are a bureau's own: what the crawler may fetch from and where its listings may be.
import { isIP } from "node:net";
import type { Bureau } from "../domain/registry.ts";

/** The www./bare twin of a site's host name: the same site (many send one to the other). */
export function wwwTwin(host: string): string | undefined {
  if (isIP(host.replace(/^\[|\]$/g, "")) !== 0) return undefined;
  if (host.startsWith("www.")) {
    const bare = host.slice(4);
    return bare.includes(".") ? bare : undefined;
  }
  return host.includes(".") ? `www.${host}` : undefined;
}

/** The site's host and its www./bare twin, and the registry's extra `hosts`; all lower case. */
export function bureauHosts(bureau: Pick<Bureau, "site" | "hosts">): Set<string> {
  const hosts = new Set((bureau.hosts ?? []).map((h) => h.toLowerCase()));
  let site: string;
  try {
    site = new URL(bureau.site).hostname.toLowerCase();
  } catch {
    // The registry schema guarantees a URL; a hand-made Bureau without one simply allows nothing more.
    return hosts;
  }
  hosts.add(site);
  const twin = wwwTwin(site);
  if (twin) hosts.add(twin);
  return hosts;
}
