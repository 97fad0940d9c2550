// A sample report page split by its CMS into two pages (TRS's createPageHTML): the cycle on the local
// stack reads both as one report and finds it as clean as the one-page original, with no section called
// missing; a quiet second cycle reads nothing again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack } from "../../infra/local/stack.ts";
import { sampleBureauCycles } from "../support/local-cycle.ts";
import { cleanHtmlReport } from "../support/sample-pages.ts";

const BUREAU = "jr-tjj";
const report = cleanHtmlReport(BUREAU);

describe("a report the site splits over two pages", () => {
  const cycles = sampleBureauCycles(BUREAU);
  beforeAll(async () => {
    const url = new URL(report.url);
    const host = cycles.files[url.host]!;
    const file = host[url.pathname]!;
    const html = new TextDecoder().decode(file.body);
    const cut = html.lastIndexOf("<", html.indexOf("四、政府信息公开行政复议"));
    expect(cut).toBeGreaterThan(0);
    const stem = url.pathname.slice(url.pathname.lastIndexOf("/") + 1).replace(/\.html$/, "");
    const first = `${html.slice(0, cut)}<div class="page"><script>createPageHTML(2, 0, "${stem}", "html");</script></div></body></html>`;
    const second = `<!doctype html><html><head><meta charset="utf-8"><title>第2页</title></head><body>${html.slice(cut)}`;
    host[url.pathname] = { ...file, body: new TextEncoder().encode(first) };
    host[url.pathname.replace(/\.html$/, "_1.html")] = { ...file, body: new TextEncoder().encode(second) };
    await cycles.start();
  });
  afterAll(() => cycles.stop());

  it("is read as one report with every section, and not read again when nothing changed", async () => {
    const { bureau } = await cycles.cycle();
    expect(bureau.errors).toEqual([]);
    expect(bureau.findings.filter((f) => f.year === report.year)).toEqual([]);
    expect(bureau.reports.map((r) => r.year)).toContain(report.year);

    const again = await cycles.cycle();
    expect(again.totals.parsed).toBe(0);
    expect(again.bureau.findings.filter((f) => f.year === report.year)).toEqual([]);
  }, 120_000);

  it("keeps naming a stored snapshot when only the first page's furniture changes", async () => {
    const url = new URL(report.url);
    const host = cycles.files[url.host]!;
    const file = host[url.pathname]!;
    const html = new TextDecoder().decode(file.body).replace("</body>", "<!-- 访问量：1024 --></body>");
    host[url.pathname] = {
      ...file,
      body: new TextEncoder().encode(html),
      lastModified: new Date(Date.parse(file.lastModified) + 86_400_000).toUTCString(),
    };
    const changed = await cycles.cycle();
    expect(changed.totals.parsed).toBe(1);
    expect(changed.bureau.findings.filter((f) => f.year === report.year)).toEqual([]);

    const stack = await startLocalStack({ dataDir: cycles.dataDir });
    try {
      const state = await stack.repo.crawlState().getUrlState(report.url);
      expect(state?.continuations).toHaveLength(1);
      expect(await stack.snapshots.get(state!.documentSha256!)).toBeDefined();
    } finally {
      await stack.stop();
    }
    expect((await cycles.cycle()).totals.parsed).toBe(0);
  }, 120_000);
});
