// The `gdm` bin as a user runs it: a child process, from a directory of the test's choosing.
import { execFile } from "node:child_process";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

export interface GdmRun {
  code: number;
  stdout: string;
  stderr: string;
  firstErrorLine: string;
}

export function runGdm(cwd: string, ...args: string[]): Promise<GdmRun> {
  return runGdmWith({ cwd }, ...args);
}

/** With extra environment variables (added to this process's). */
export function runGdmWith(
  options: { cwd: string; env?: Record<string, string> },
  ...args: string[]
): Promise<GdmRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, "bin/gdm.mjs"), ...args],
      { cwd: options.cwd, timeout: 120_000, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr, firstErrorLine: stderr.split("\n")[0] ?? "" });
      },
    );
  });
}
