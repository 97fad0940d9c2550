// Real bundling through the same construct the stack uses: local esbuild, no Docker, ESM output with the
// DOMMatrix polyfill and the files copied next to the bundle.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { afterAll, describe, expect, it } from "vitest";
import { AffineMatrix } from "../../functions/polyfills/dom-matrix.ts";
import { MonitorFunction } from "../../infra/stack/monitor-function.ts";

const outdir = mkdtempSync(path.join(tmpdir(), "gdm-cdk-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("MonitorFunction bundling", () => {
  it("bundles the schedule function locally into one ESM file, with the requested extra files", () => {
    const app = new App({ outdir });
    const stack = new Stack(app, "BundleOnly");
    new MonitorFunction(stack, "Schedule", {
      entry: "functions/schedule/handler.ts",
      description: "bundling test",
      copyIntoBundle: [{ from: "node_modules/pdfjs-dist/standard_fonts", to: "pdfjs-dist/standard_fonts" }],
    });
    const assembly = app.synth();
    const assetDirs = readdirSync(assembly.directory).filter((d) => d.startsWith("asset."));
    expect(assetDirs).toHaveLength(1);
    const dir = path.join(assembly.directory, assetDirs[0]!);
    const bundle = readFileSync(path.join(dir, "index.mjs"), "utf8");
    expect(bundle.startsWith("import { createRequire as __gdmCreateRequire }")).toBe(true);
    expect(bundle).toContain("SendMessageBatch"); // the SDK is bundled, not taken from the runtime
    expect(existsSync(path.join(dir, "index.mjs.map"))).toBe(true);
    expect(existsSync(path.join(dir, "pdfjs-dist/standard_fonts"))).toBe(true);
  }, 120_000); // the CDK probes esbuild/tsc through npx before bundling: slow on a busy machine
});

describe("DOMMatrix polyfill", () => {
  it("does 2-D affine arithmetic like the DOM's", () => {
    const m = new AffineMatrix().scaleSelf(2, -4).translateSelf(0, -10);
    expect([m.a, m.b, m.c, m.d, m.e, m.f]).toEqual([2, 0, 0, -4, 0, 40]);
    const inv = new AffineMatrix([2, 0, 0, 4, 6, 8]).inverse();
    expect([inv.a, inv.d, inv.e, inv.f]).toEqual([0.5, 0.25, -3, -2]);
    const round = new AffineMatrix([1, 2, 3, 4, 5, 6]).multiply(
      new AffineMatrix([1, 2, 3, 4, 5, 6]).inverse(),
    );
    expect(
      [round.a, round.b, round.c, round.d, round.e, round.f].map((v) => Math.round(v * 1e9) / 1e9),
    ).toEqual([1, 0, 0, 1, 0, 0]);
    const pre = new AffineMatrix([1, 0, 0, 1, 5, 0]).preMultiplySelf([2, 0, 0, 2, 0, 0]);
    expect([pre.a, pre.e]).toEqual([2, 10]);
  });
});
