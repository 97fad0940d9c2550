import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SessionDeps } from "../../../shared/crawl/crawl-session.ts";
import { CrawlSession } from "../../../shared/crawl/crawl-session.ts";
import type { Bureau } from "../../../shared/domain/registry.ts";

function sessionAt(clock: { t: number }): CrawlSession {
  const deps = { now: () => clock.t, urlStateWrites: "immediate" } as unknown as SessionDeps;
  return new CrawlSession({ id: "b", site: "http://b.gov.cn/", listings: [] } as unknown as Bureau, deps);
}

describe("crawl session timestamps", () => {
  it("writes every instant exactly as Date#toISOString, however the clock moves", () => {
    const clock = { t: 0 };
    const session = sessionAt(clock);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5_000, max: 5_000 }), fc.integer({ min: -1e13, max: 2.5e14 })), {
          maxLength: 20,
        }),
        fc.integer({ min: -1e12, max: 4e12 }),
        (steps, start) => {
          clock.t = start;
          for (const step of steps) {
            clock.t += step;
            expect(session.at()).toBe(new Date(clock.t).toISOString());
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
