import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CookieJar, parseSetCookie } from "../../../shared/crawl/cookie-jar.ts";

const HOST = "tjj.example.gov.cn";

describe("CookieJar", () => {
  it("sends back to a host what it set, and nothing to another host", () => {
    const jar = new CookieJar(() => 0);
    jar.store(HOST, ["JSESSIONID=abc123; Path=/; HttpOnly", "gate=ok"]);
    expect(jar.header(HOST, false)).toBe("JSESSIONID=abc123; gate=ok");
    expect(jar.header("www.example.gov.cn", false)).toBeUndefined();
  });

  it("replaces a cookie set again, and drops one set to expire", () => {
    let now = Date.parse("2026-12-05T00:00:00Z");
    const jar = new CookieJar(() => now);
    jar.store(HOST, ["a=1", "b=2; Max-Age=60", "c=3; Expires=Wed, 01 Jan 2020 00:00:00 GMT"]);
    expect(jar.header(HOST, false)).toBe("a=1; b=2");
    jar.store(HOST, ["a=9", "b=; Max-Age=0"]);
    expect(jar.header(HOST, false)).toBe("a=9");
    jar.store(HOST, ["d=4; Max-Age=60"]);
    now += 61_000;
    expect(jar.header(HOST, false)).toBe("a=9");
  });

  it("sends a Secure cookie only over https", () => {
    const jar = new CookieJar(() => 0);
    jar.store(HOST, ["s=1; Secure", "p=2"]);
    expect(jar.header(HOST, false)).toBe("p=2");
    expect(jar.header(HOST, true)).toBe("s=1; p=2");
  });

  it("keeps at most 30 cookies a host, and ignores lines that set nothing", () => {
    const jar = new CookieJar(() => 0);
    jar.store(HOST, [
      ...Array.from({ length: 40 }, (_, i) => `k${i}=v`),
      "=nameless",
      "novalue",
      `long=${"x".repeat(5000)}`,
    ]);
    expect(jar.header(HOST, false)?.split("; ")).toHaveLength(30);
    expect(parseSetCookie("=x", 0)).toBeUndefined();
    expect(parseSetCookie("bad name=x", 0)).toBeUndefined();
  });

  it("never throws on whatever a server sends as Set-Cookie, and never sends a line break", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 200, unit: "binary-ascii" }), { maxLength: 10 }),
        (lines) => {
          const jar = new CookieJar(() => 0);
          jar.store(HOST, lines);
          expect(jar.header(HOST, true) ?? "").not.toMatch(/[\r\n]/);
        },
      ),
    );
  });
});
