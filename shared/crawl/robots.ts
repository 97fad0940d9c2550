// robots.txt per RFC 9309: groups by user-agent, longest match wins, allow wins ties, `*` and `$`;
// plus the non-standard Crawl-delay. Fetch policy: 4xx → allow all; 5xx, 429 or no answer → disallow all
// for now. Successful answers are cached for ≤ 24 h in the CrawlStateStore.
import type { CrawlStateStore, VisitRecord } from "../domain/crawl.ts";
import { FetchError } from "./errors.ts";
import type { Fetcher, FetchRequest } from "./fetcher.ts";
import type { HostPacer } from "./pacing.ts";

const MAX_ROBOTS_BYTES = 512 * 1024;
const UTF8 = new TextDecoder("utf-8");
const MAX_RULES = 2000;
const MAX_PATTERN = 2048;

interface Rule {
  allow: boolean;
  pattern: string;
}
interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySeconds?: number;
}
export interface Robots {
  groups: Group[];
}

/** Percent-encode non-ASCII and upper-case existing escapes, so patterns and paths compare alike. */
function normalisePath(value: string): string {
  // The usual path is printable ASCII without escapes: nothing to change.
  if (/^[\x21-\x24\x26-\x7e]*$/.test(value)) return value;
  let out = "";
  for (const char of value) {
    out += char.charCodeAt(0) > 0x7e || char === " " ? encodeURIComponent(char) : char;
  }
  return out.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

/** Misspellings of the keys that site owners write and Google's parser accepts: being polite, so do we. */
const KEY_SPELLINGS: Readonly<Record<string, string>> = {
  useragent: "user-agent",
  "user agent": "user-agent",
  dissallow: "disallow",
  dissalow: "disallow",
  disalow: "disallow",
  diasllow: "disallow",
  disallaw: "disallow",
};

/**
 * `key: value`, or `key value` when the colon was forgotten (then only two words, as Google reads it:
 * "Disallow /x/" is a rule, a line of prose is not).
 */
function keyAndValue(line: string): { key: string; value: string } | undefined {
  let colon = line.indexOf(":");
  let value: string;
  if (colon < 0) {
    const words = line.split(/[ \t]+/);
    if (words.length !== 2) return undefined;
    colon = words[0]!.length;
    value = words[1]!;
  } else value = line.slice(colon + 1).trim();
  if (colon === 0) return undefined;
  const key = line.slice(0, colon).trim().toLowerCase();
  return { key: KEY_SPELLINGS[key] ?? key, value };
}

export function parseRobots(text: string): Robots {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  let rules = 0;
  for (const rawLine of text.slice(0, MAX_ROBOTS_BYTES).split(/\r\n|\r|\n/)) {
    const record = keyAndValue(rawLine.replace(/#.*/, "").trim());
    if (!record) continue;
    const { key, value } = record;
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if ((key === "allow" || key === "disallow") && value !== "" && rules < MAX_RULES) {
      current.rules.push({ allow: key === "allow", pattern: normalisePath(value.slice(0, MAX_PATTERN)) });
      rules++;
    } else if (key === "crawl-delay") {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = Math.min(seconds, 86_400);
    }
  }
  return { groups };
}

/** `*` matches any run, `$` at the end anchors; otherwise a prefix match. Linear-time greedy glob. */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    if (p < body.length && body[p] === "*") {
      starP = p++;
      starS = s;
    } else if (p < body.length && body[p] === path[s]) {
      p++;
      s++;
    } else if (p === body.length && !anchored) {
      return true;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < body.length && body[p] === "*") p++;
  return p === body.length;
}

function groupsFor(robots: Robots, userAgentToken: string): Group[] {
  const token = userAgentToken.toLowerCase();
  const own = robots.groups.filter((g) => g.agents.some((a) => a === token || a.split("/")[0] === token));
  return own.length > 0 ? own : robots.groups.filter((g) => g.agents.includes("*"));
}

export function isAllowed(robots: Robots, userAgentToken: string, pathAndQuery: string): boolean {
  return allowedByRules(
    groupsFor(robots, userAgentToken).flatMap((g) => g.rules),
    pathAndQuery,
  );
}

/** The longest matching rule of the applicable groups decides; allow wins ties. */
function allowedByRules(rules: readonly Rule[], pathAndQuery: string): boolean {
  if (rules.length === 0) return true;
  const path = normalisePath(pathAndQuery || "/");
  if (path === "/robots.txt") return true;
  let best: Rule | undefined;
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best?.allow ?? true;
}

export function crawlDelayMs(robots: Robots, userAgentToken: string): number | undefined {
  const delays = groupsFor(robots, userAgentToken)
    .map((g) => g.crawlDelaySeconds)
    .filter((d): d is number => d !== undefined);
  return delays.length > 0 ? Math.max(...delays) * 1000 : undefined;
}

/** Why a URL was not fetched when the site's robots.txt forbids it (as opposed to robots.txt failing). */
export const ROBOTS_DISALLOWED = "disallowed by robots.txt";

/** What a robots.txt fetch may touch: the bureau's hosts, and whether it accepts invalid certificates. */
export type RobotsFetchScope = Pick<FetchRequest, "allowedHosts" | "acceptInvalidCertificates">;

type Verdict = { robots: Rule[] | "allow-all" | "disallow-all"; reason: string };

export interface RobotsCheck {
  allowed: boolean;
  reason?: string;
}

const ALLOWED: RobotsCheck = Object.freeze({ allowed: true });

/** Fetches, caches and applies robots.txt per origin; feeds Crawl-delay into the pacer. */
export class RobotsGate {
  private readonly memo = new Map<string, Promise<Verdict>>();
  /** Verdicts already known, by origin: most checks need no promise at all. */
  private readonly known = new Map<string, Verdict>();
  readonly maxAgeMs: number;

  constructor(
    private readonly deps: {
      fetcher: Fetcher;
      state: CrawlStateStore;
      pacer: HostPacer;
      now?: () => number;
      maxAgeMs?: number;
    },
  ) {
    this.maxAgeMs = Math.min(deps.maxAgeMs ?? 24 * 3600_000, 24 * 3600_000);
  }

  /**
   * `visit` receives the robots.txt fetch itself, the first time an origin is seen in this run. `signal`
   * (the caller ran out of time) cuts that fetch off: "unavailable, not crawling for now", never stored.
   */
  async check(
    url: string,
    scope: RobotsFetchScope,
    visit?: (v: VisitRecord) => void,
    signal?: AbortSignal,
  ): Promise<RobotsCheck> {
    const target = new URL(url);
    const known = this.checkKnown(target);
    if (known) return known;
    let pending = this.memo.get(target.origin);
    if (!pending) {
      pending = this.load(target, scope, visit, signal).then((verdict) => {
        this.known.set(target.origin, verdict);
        return verdict;
      });
      this.memo.set(target.origin, pending);
    }
    return this.verdictFor(await pending, target);
  }

  /** The answer without waiting, when this origin's robots.txt is already known. */
  checkKnown(target: URL): RobotsCheck | undefined {
    const verdict = this.known.get(target.origin);
    return verdict && this.verdictFor(verdict, target);
  }

  private verdictFor(verdict: Verdict, target: URL): RobotsCheck {
    if (verdict.robots === "allow-all") return ALLOWED;
    if (verdict.robots === "disallow-all") return { allowed: false, reason: verdict.reason };
    return allowedByRules(verdict.robots, `${target.pathname}${target.search}`)
      ? ALLOWED
      : { allowed: false, reason: ROBOTS_DISALLOWED };
  }

  private apply(host: string, body: string | null, status: number): Verdict {
    if (status >= 200 && status < 300 && body !== null) {
      const robots = parseRobots(body);
      const token = this.deps.fetcher.userAgentToken;
      this.deps.pacer.setCrawlDelay(host, crawlDelayMs(robots, token));
      return { robots: groupsFor(robots, token).flatMap((g) => g.rules), reason: "robots.txt" };
    }
    if (status >= 400 && status < 500 && status !== 429)
      return { robots: "allow-all", reason: `robots.txt ${status}` };
    return {
      robots: "disallow-all",
      reason: `robots.txt unavailable (${status === 0 ? "no answer" : `HTTP ${status}`}): not crawling for now`,
    };
  }

  private async load(
    target: URL,
    scope: RobotsFetchScope,
    visit?: (v: VisitRecord) => void,
    signal?: AbortSignal,
  ) {
    const key = target.host.toLowerCase();
    const now = this.deps.now ?? Date.now;
    const cached = await this.deps.state.getRobots(key);
    const fresh = cached && now() - Date.parse(cached.fetchedAt) < this.maxAgeMs;
    if (cached && fresh && cached.status > 0 && cached.status < 500 && cached.status !== 429) {
      return this.apply(target.hostname, cached.body, cached.status);
    }
    const robotsUrl = `${target.origin}/robots.txt`;
    let body: string | null = null;
    let status = 0;
    let detail: string | undefined;
    try {
      const response = await this.deps.pacer.run(
        target.hostname,
        () =>
          this.deps.fetcher.fetch({
            url: robotsUrl,
            ...scope,
            maxBytes: MAX_ROBOTS_BYTES,
            truncate: true,
            redirectsOffSite: true,
            ...(signal ? { signal } : {}),
          }),
        signal,
      );
      status = response.status;
      body = UTF8.decode(response.bytes);
    } catch (error) {
      status = error instanceof FetchError ? error.status : 0;
      detail = (error as Error).message;
    }
    const fetchedAt = new Date(now()).toISOString();
    visit?.({
      url: robotsUrl,
      kind: "robots",
      status,
      outcome: status >= 200 && status < 300 ? "ok" : status >= 400 && status < 500 ? "ok" : "error",
      ...(detail ? { detail } : {}),
      at: fetchedAt,
    });
    // Failures are not cached across runs: "disallow for now" means try again next cycle.
    if (status > 0 && status < 500 && status !== 429)
      await this.deps.state.putRobots(key, { body, status, fetchedAt });
    return this.apply(target.hostname, body, status);
  }
}
