// A reader thread of the local cycle (infra/local/read-pool.ts): readReport on the bytes the cycle sends,
// so reading runs on another core than crawling and storing. Plain JS that loads the TypeScript reader
// through tsx's API: a worker does not reliably inherit the parent's loader (vitest, tsx, plain node).
//
// Says { ready: true } once the reader is loaded; then receives { id, input: ReadInput } and answers
// { id, report } or { id, error: { name, message } }.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { readReport } = await tsImport("../../shared/report/read-report.ts", import.meta.url);
parentPort?.postMessage({ ready: true });

parentPort?.on("message", async ({ id, input }) => {
  let reply;
  try {
    reply = { id, report: await readReport(input) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id, error: { name: e.name, message: e.message } };
  }
  parentPort?.postMessage(reply);
});
