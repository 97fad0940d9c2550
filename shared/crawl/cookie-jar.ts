// Cookies, kept per host as a browser keeps them, for the sites that will not answer without one: a
// server or firewall that sets a cookie and redirects to the same address (a "cookie check"), or a Java
// CMS that wants its session cookie back. Without them such a site is a redirect loop. Simplified on
// purpose: a cookie goes back to the host that set it (whatever its Domain and Path), `Secure` ones only
// over https, and Max-Age/Expires end it. Bounded, so a hostile site cannot grow it without end.

const MAX_HOSTS = 10_000;
const MAX_COOKIES_PER_HOST = 30;
const MAX_COOKIE_LENGTH = 4096;

interface Cookie {
  value: string;
  secure: boolean;
  /** Epoch ms; undefined: for as long as the process lives (a session cookie). */
  expires?: number;
}

/** A header value may not carry them (a tab aside). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** name=value and its attributes, or undefined for a line that sets nothing usable. */
export function parseSetCookie(
  line: string,
  now: number,
): { name: string; cookie: Cookie; remove: boolean } | undefined {
  if (line.length > MAX_COOKIE_LENGTH) return undefined;
  const [pair = "", ...attributes] = line.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (!name || /[\s,;=]/.test(name) || hasControlCharacter(value)) return undefined;
  const cookie: Cookie = { value, secure: false };
  let remove = false;
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const [rawKey = "", ...rest] = attribute.split("=");
    const key = rawKey.trim().toLowerCase();
    const arg = rest.join("=").trim();
    if (key === "secure") cookie.secure = true;
    else if (key === "max-age" && /^-?\d+$/.test(arg)) {
      maxAgeSeen = true;
      const seconds = Number(arg);
      if (seconds <= 0) remove = true;
      else cookie.expires = now + Math.min(seconds, 400 * 86_400) * 1000;
    } else if (key === "expires" && !maxAgeSeen) {
      const at = Date.parse(arg);
      if (Number.isFinite(at)) {
        if (at <= now) remove = true;
        else cookie.expires = at;
      }
    }
  }
  return { name, cookie, remove };
}

export class CookieJar {
  private readonly hosts = new Map<string, Map<string, Cookie>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes what a response from `host` set. */
  store(host: string, setCookies: readonly string[]): void {
    const now = this.now();
    for (const line of setCookies) {
      const parsed = parseSetCookie(line, now);
      if (!parsed) continue;
      let jar = this.hosts.get(host);
      if (parsed.remove) {
        jar?.delete(parsed.name);
        continue;
      }
      if (!jar) {
        if (this.hosts.size >= MAX_HOSTS) continue;
        jar = new Map();
        this.hosts.set(host, jar);
      }
      if (!jar.has(parsed.name) && jar.size >= MAX_COOKIES_PER_HOST) continue;
      jar.set(parsed.name, parsed.cookie);
    }
  }

  /** The Cookie header for a request to `host`, or undefined when it has none. */
  header(host: string, https: boolean): string | undefined {
    const jar = this.hosts.get(host);
    if (!jar || jar.size === 0) return undefined;
    const now = this.now();
    const pairs: string[] = [];
    for (const [name, cookie] of jar) {
      if (cookie.expires !== undefined && cookie.expires <= now) {
        jar.delete(name);
        continue;
      }
      if (cookie.secure && !https) continue;
      pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length > 0 ? pairs.join("; ") : undefined;
  }
}
