// Whose page metadata and URL dates count as publication evidence (SPEC §1.5.4, §5.5.11).

/** Mirror / scraper hosts seen re-dating or rewriting reports (SPEC §5.4 item 29, §1.5.4, §10). */
export const KNOWN_MIRROR_HOSTS = [
  "moonvisionstudio.com",
  "ikangji.com",
  "brianwinch.com",
  "bjmssf.com",
  "www-346689.com",
  "zwinkt.com",
  "dgmjb.com",
  "shangkeht.com",
  "66jnh.com",
  "hongxingpaper.com",
  "275167.com",
  "thz918.com",
  "jianbiaoku.com",
  "haose21.com",
  "bxcah.com",
  "soolun.net",
  "newton.com.tw",
  "fsou.com",
] as const;

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function sameOrSub(host: string, base: string): boolean {
  const b = base.toLowerCase().replace(/^\.+/, "");
  return host === b || host.endsWith(`.${b}`);
}

/** gov.cn's Big5 gateway serves the original host under /gate/big5/<host>/ (SPEC §5.5.14). */
function gatewayTarget(url: string): string | undefined {
  const m = /\/gate\/big5\/([^/?#]+)/i.exec(url);
  return m?.[1]?.toLowerCase();
}

/**
 * True when the URL's host is one of the bureau's official hosts; with no list given, any host that is
 * not a known mirror (a local file with no URL counts as the user's own copy).
 */
export function isOfficialUrl(url: string | undefined, officialHosts?: string[]): boolean {
  const host = hostOf(url);
  if (url && !host) return false;
  if (!host) return !officialHosts || officialHosts.length === 0;
  const effective = host.startsWith("big5.") && url ? (gatewayTarget(url) ?? host.slice(5)) : host;
  if (officialHosts && officialHosts.length > 0) {
    return officialHosts.some((h) => sameOrSub(effective, h.replace(/^https?:\/\//, "").split("/")[0] ?? h));
  }
  return !KNOWN_MIRROR_HOSTS.some((m) => sameOrSub(effective, m));
}
