import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const moduleUrl = (relative: string) => pathToFileURL(path.join(repoRoot, relative)).href;

// pdfjs' legacy build swaps JS polyfills in for built-ins as it loads; a process that only might read a
// PDF (the crawl cycle) must keep the native ones. Checked in a fresh process: this one may already
// have loaded pdfjs through another test file.
const probe = `
// Identity, not "[native code]": core-js also patches Function.prototype.toString to disguise its polyfills.
const original = [JSON.parse, Array.prototype.push, Function.prototype.toString, Promise.withResolvers];
const builtins = () => {
  const now = [JSON.parse, Array.prototype.push, Function.prototype.toString, Promise.withResolvers];
  const same = (i) => now[i] === original[i];
  return { jsonParse: same(0), arrayPush: same(1), functionToString: same(2), promiseWithResolvers: same(3) };
};
const { readReport } = await import(${JSON.stringify(moduleUrl("shared/report/read-report.ts"))});
const afterImport = builtins();
const { makePdf } = await import(${JSON.stringify(moduleUrl("infra/local/sites/pdf-writer.ts"))});
const bytes = makePdf([{ texts: [{ x: 72, y: 760, text: "某某局2023年政府信息公开工作年度报告", size: 16 }] }]);
const parsed = await readReport({ bytes, contentType: "application/pdf", url: "https://example.gov.cn/a.pdf" });
process.stdout.write(JSON.stringify({ afterImport, parsed }));
`;

async function runFresh(): Promise<{ afterImport: Record<string, boolean>; parsed: unknown }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", probe],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

describe("loading pdfjs lazily", () => {
  it("keeps the built-ins untouched when the reader is imported, and still reads PDFs", async () => {
    const { afterImport, parsed } = await runFresh();
    expect(afterImport).toEqual({
      jsonParse: true,
      arrayPush: true,
      functionToString: true,
      promiseWithResolvers: true,
    });
    expect(JSON.stringify(parsed)).toContain("某某局2023年政府信息公开工作年度报告");
  });
});
