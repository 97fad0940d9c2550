// A read worker that dies on its first job, for infra/local/read-pool.ts's fallback test.
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => process.exit(3));
