import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../../shared/crawl/progress.ts";
import type { BureauCrawl } from "../../../shared/domain/crawl.ts";

function result(id: string, status: BureauCrawl["status"]): BureauCrawl {
  return { bureauId: id, status, documents: [], visited: [], errors: status === "ok" ? [] : ["HTTP 500"] };
}

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (c: string) => chunks.push(c) } };
}

describe("progress reporter", () => {
  it("draws one updating line with done/total, failures and an ETA on a terminal", () => {
    let t = 0;
    const { chunks, stream } = sink(true);
    const reporter = createProgressReporter({ stream, now: () => t });
    t = 10_000;
    reporter.onProgress({ done: 1, total: 4, bureauId: "a", result: result("a", "ok") });
    t = 20_000;
    reporter.onProgress({ done: 2, total: 4, bureauId: "b", result: result("b", "unreachable") });
    expect(chunks.every((c) => c.startsWith("\r") && !c.includes("\n"))).toBe(true);
    expect(chunks[1]).toContain("2/4 bureaus");
    expect(chunks[1]).toContain("1 unreachable");
    expect(chunks[1]).toContain("ETA 20s");
    reporter.finish();
    expect(chunks.at(-1)).toMatch(/crawled 2\/4 bureaus in 20s.*\n$/);
  });

  it("fits its line to the terminal, and to 100 columns on one that says a width of 0", () => {
    for (const [columns, width] of [
      [40, 39],
      [0, 99],
    ] as const) {
      const { chunks, stream } = sink(true);
      const reporter = createProgressReporter({ stream: { ...stream, columns }, now: () => 10_000 });
      reporter.onProgress({
        done: 1,
        total: 400,
        bureauId: "a-very-long-bureau-id",
        result: result("a", "ok"),
      });
      const clear = "\r\x1b[2K";
      expect(chunks[0]!.startsWith(clear)).toBe(true);
      const line = chunks[0]!.slice(clear.length);
      expect(line.length).toBeLessThanOrEqual(width);
      expect(line).toContain(columns === 0 ? "ETA" : "crawl 1/400 bureaus");
    }
  });

  it("names a bureau's dead report links in its line, beside its errors", () => {
    const { chunks, stream } = sink(false);
    const reporter = createProgressReporter({ stream });
    const dead = { ...result("a", "ok"), deadLinks: [{ url: "http://a.gov.cn/nb/2023.html", status: 404 }] };
    reporter.onProgress({ done: 1, total: 1, bureauId: "a", result: dead });
    expect(JSON.parse(chunks[0]!)).toMatchObject({
      status: "ok",
      errors: [],
      deadLinks: ["http://a.gov.cn/nb/2023.html (404)"],
    });
  });

  it("writes one JSON object per line otherwise", () => {
    const { chunks, stream } = sink(false);
    const reporter = createProgressReporter({ stream });
    reporter.onProgress({ done: 1, total: 2, bureauId: "a", result: result("a", "partial") });
    reporter.finish();
    const lines = chunks
      .join("")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      event: "bureau-crawled",
      bureau: "a",
      status: "partial",
      done: 1,
      total: 2,
    });
    expect(lines[1]).toMatchObject({ event: "crawl-finished", done: 1, total: 2, partial: 1 });
  });
});
