import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crawlDelayMs, isAllowed, parseRobots, patternMatches } from "../../../shared/crawl/robots.ts";

const UA = "gov-disclosure-monitor";

describe("robots.txt (RFC 9309)", () => {
  it("uses the most specific matching group, else *", () => {
    const robots = parseRobots(
      "User-agent: *\nDisallow: /\n\nUser-agent: Gov-Disclosure-Monitor\nUser-agent: otherbot\nDisallow: /private/\n",
    );
    expect(isAllowed(robots, UA, "/zwgk/zfxxgknb/")).toBe(true);
    expect(isAllowed(robots, UA, "/private/x.html")).toBe(false);
    expect(isAllowed(robots, "somebot", "/zwgk/")).toBe(false);
  });

  it("longest match wins, allow wins ties", () => {
    const robots = parseRobots(
      "User-agent: *\nDisallow: /zwgk/\nAllow: /zwgk/zfxxgknb/\nDisallow: /a\nAllow: /a\n",
    );
    expect(isAllowed(robots, UA, "/zwgk/zfxxgknb/2023.html")).toBe(true);
    expect(isAllowed(robots, UA, "/zwgk/other.html")).toBe(false);
    expect(isAllowed(robots, UA, "/a/b")).toBe(true);
  });

  it("supports * and $ and non-ASCII paths", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*?q=\nDisallow: /公开/\n");
    expect(isAllowed(robots, UA, "/files/a.pdf")).toBe(false);
    expect(isAllowed(robots, UA, "/files/a.pdf?x=1")).toBe(true);
    expect(isAllowed(robots, UA, "/search/x?q=1")).toBe(false);
    expect(isAllowed(robots, UA, encodeURI("/公开/a.html"))).toBe(false);
    expect(isAllowed(robots, UA, "/robots.txt")).toBe(true);
  });

  it("reads the lines Google's parser reads: a forgotten colon, misspelt keys", () => {
    const robots = parseRobots(
      "useragent *\nDisallow /x/\ndisalow: /y/\nDissallow: /z/\nthis line is prose\n\nUser agent: otherbot\nAllow /\n",
    );
    expect(isAllowed(robots, UA, "/x/1.html")).toBe(false);
    expect(isAllowed(robots, UA, "/y/1.html")).toBe(false);
    expect(isAllowed(robots, UA, "/z/1.html")).toBe(false);
    expect(isAllowed(robots, UA, "/zwgk/")).toBe(true);
    // A line of three words or more is not a record: its words are not a key and a value.
    expect(isAllowed(parseRobots("User-agent: *\nDisallow /a/ /b/\n"), UA, "/a/1")).toBe(true);
    expect(isAllowed(parseRobots("User-agent: *\nDisallow /a/\n"), "otherbot", "/a/1")).toBe(false);
  });

  it("ignores comments, empty Disallow and junk; reads Crawl-delay", () => {
    const robots = parseRobots("# hi\nUser-agent: * # all\nDisallow:\nCrawl-delay: 7\nnonsense line\n");
    expect(isAllowed(robots, UA, "/anything")).toBe(true);
    expect(crawlDelayMs(robots, UA)).toBe(7000);
  });

  it("matches globs like a reference regex, in bounded time, never throwing", () => {
    const chars = fc.constantFrom("a", "b", "/", "*", ".");
    fc.assert(
      fc.property(
        fc.string({ unit: chars, maxLength: 12 }),
        fc.boolean(),
        fc.string({ unit: fc.constantFrom("a", "b", "/", "."), maxLength: 30 }),
        (pattern, anchor, path) => {
          const full = anchor ? `${pattern}$` : pattern;
          const source = `^${pattern.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*")}${anchor ? "$" : ""}`;
          expect(patternMatches(full, path)).toBe(new RegExp(source).test(path));
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => void isAllowed(parseRobots(text), UA, "/x")),
    );
  });
});
