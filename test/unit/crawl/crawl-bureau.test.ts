import { describe, expect, it } from "vitest";
import { crawlBureau } from "../../../shared/crawl/crawl-bureau.ts";
import type { Fetcher } from "../../../shared/crawl/fetcher.ts";
import { MemoryCrawlState } from "../../../shared/crawl/memory-state.ts";
import type { Bureau } from "../../../shared/domain/registry.ts";

const bureau: Bureau = {
  id: "x",
  name: "x",
  regionCode: "320100",
  agencyType: "department",
  supervisor: "o",
  site: "http://www.x.gov.cn/",
  listings: ["http://www.x.gov.cn/nb/", "not a url", "http://elsewhere.gov.cn/nb/"],
};

describe("crawlBureau", () => {
  it("never throws, even when the fetcher itself blows up with a non-fetch error", async () => {
    const broken: Fetcher = {
      userAgentToken: "t",
      fetch: async () => {
        throw new TypeError("boom");
      },
      close: async () => undefined,
    };
    const result = await crawlBureau(bureau, {
      fetcher: broken,
      state: new MemoryCrawlState(),
      pacing: { minIntervalMs: 0, maxRetries: 0 },
    });
    expect(result.status).toBe("unreachable");
    expect(result.errors.join(" ")).toContain("boom");
    expect(result.visited.map((v) => v.outcome)).toEqual(expect.arrayContaining(["error", "skipped-host"]));
  });
});
