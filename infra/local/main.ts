// The command line (DESIGN §5): `npm run cli -- <command>`, `npm start`, and the `gdm` bin.
// Every failure is one line on stderr (a stack only with --debug); exit 2 = bad usage, 1 = cannot run.
import { parseArgs } from "node:util";
import { runCheck } from "../../shared/cli/check-command.ts";
import { cycleJson, formatSummary } from "../../shared/cycle/summary.ts";
import type { Registry } from "../../shared/domain/registry.ts";
import { loadRegistry } from "../../shared/registry/index.ts";
import { chinaToday, toChinaDate } from "../../shared/rules/deadline.ts";
import { dataDirOf } from "./data-dir.ts";
import { DIGEST_USAGE, runDigest } from "./digest-command.ts";
import { runLocalCycle } from "./local-cycle.ts";
import { DEFAULT_API_PORT, describeLocalApi, startLocalApi, untilStopped } from "./serve.ts";
import { SAMPLE_TODAY } from "./sites/bureaus.ts";
import { SAMPLE_OFFICES } from "./sites/registry.ts";
import { startSampleSites } from "./sites/server.ts";
import { runSnapshot, SNAPSHOT_USAGE } from "./snapshot-command.ts";

const USAGE = `usage: gdm <command> [options]
  start  [--today YYYY-MM-DD] [--data DIR] [--json] [--serve [--port N]]   one cycle on the embedded default (sample sites, dynalite, outbox); --serve keeps the API up
  crawl  --registry FILE [--today YYYY-MM-DD] [--data DIR] [--json] [--concurrency N] [--min-interval-ms N]
  serve  [--port N] [--data DIR] [--registry FILE]     the findings API on 127.0.0.1 (default port 8787; office tokens issued on first run)
  check  <file-or-url> [--json] [--agency-type department|government|township] [--published YYYY-MM-DD]
  ${DIGEST_USAGE}
  ${SNAPSHOT_USAGE}`;

class UsageError extends Error {}

const CYCLE_OPTIONS = {
  today: { type: "string" },
  data: { type: "string" },
  json: { type: "boolean" },
  debug: { type: "boolean" },
  registry: { type: "string" },
  concurrency: { type: "string" },
  "min-interval-ms": { type: "string" },
  serve: { type: "boolean" },
  port: { type: "string" },
} as const;
const SERVE_OPTIONS = {
  port: { type: "string" },
  data: { type: "string" },
  registry: { type: "string" },
  debug: { type: "boolean" },
} as const;

function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** `--data DIR` (default .data/), absolute; a path that exists but is not a directory is bad usage. */
function dataDirOption(value: string | undefined): string {
  const { dir, problem } = dataDirOf(value);
  if (problem) throw new UsageError(problem);
  return dir;
}

async function cycleCommand(command: "start" | "crawl", argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof CYCLE_OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options: CYCLE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.today !== undefined && toChinaDate(values.today) === undefined)
    throw new UsageError(`--today must be a date YYYY-MM-DD, got "${values.today}"`);
  if (command === "crawl" && !values.registry) throw new UsageError("crawl needs --registry FILE");
  if (command === "start" && values.registry)
    throw new UsageError("start runs the sample sites; use crawl --registry FILE");
  const concurrency = intOption(values.concurrency, "concurrency", command === "start" ? 16 : 6, 1, 256);
  const minIntervalMs = intOption(
    values["min-interval-ms"],
    "min-interval-ms",
    command === "start" ? 1000 : 3000,
    0,
    600_000,
  );
  const dataDir = dataDirOption(values.data);
  if (values.port !== undefined && !values.serve) throw new UsageError("--port goes with --serve");
  const port = intOption(values.port, "port", DEFAULT_API_PORT, 0, 65535);
  let offices: Registry["offices"] = [];

  const sites = command === "start" ? await startSampleSites() : undefined;
  try {
    const registry: Registry = sites ? sites.registry : await loadRegistry(values.registry!);
    offices = registry.offices;
    const today = values.today ?? (sites ? SAMPLE_TODAY : chinaToday());
    const run = await runLocalCycle({
      registry,
      dataDir,
      today,
      minIntervalMs,
      concurrency,
      progress: values.json ? false : process.stderr,
    });
    const out = values.json
      ? JSON.stringify(cycleJson(run.result), null, 2)
      : formatSummary(run.result, registry, { today, dataDir: run.dataDir, outboxDir: run.outboxDir });
    process.stdout.write(`${out}\n`);
  } finally {
    await sites?.close();
  }
  return values.serve
    ? serveApi({ dataDir, offices, port, demo: command === "start", json: values.json === true })
    : 0;
}

/** Serves the findings API on the embedded table until Ctrl-C (DESIGN §5 `serve`). */
async function serveApi(options: {
  dataDir: string;
  offices: Registry["offices"];
  port: number;
  demo: boolean;
  /** Keep stdout one JSON document: the banner goes to stderr. */
  json?: boolean;
}): Promise<number> {
  const api = await startLocalApi(options);
  (options.json ? process.stderr : process.stdout).write(describeLocalApi(api));
  await untilStopped();
  await api.close();
  return 0;
}

async function serveCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof SERVE_OPTIONS }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const port = intOption(values.port, "port", DEFAULT_API_PORT, 0, 65535);
  // Without --registry: the bundled demo's offices, and a demo-only plain copy of their tokens.
  const offices = values.registry ? (await loadRegistry(values.registry)).offices : SAMPLE_OFFICES;
  return serveApi({ dataDir: dataDirOption(values.data), offices, port, demo: !values.registry });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const debug = rest.includes("--debug");
  try {
    switch (command) {
      case "start":
      case "crawl":
        return await cycleCommand(command, rest);
      case "serve":
        return await serveCommand(rest);
      case "check":
        return await runCheck(rest, {
          stdout: (s) => process.stdout.write(s),
          stderr: (s) => process.stderr.write(s),
          isTTY: process.stdout.isTTY === true,
        });
      case "digest":
        return await runDigest(rest, {
          stdout: (s) => process.stdout.write(s),
          stderr: (s) => process.stderr.write(s),
        });
      case "snapshot":
        return await runSnapshot(rest, {
          stdout: (bytes) => process.stdout.write(bytes),
          stderr: (s) => process.stderr.write(s),
        });
      case undefined:
      case "help":
      case "--help":
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`gdm: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`gdm: ${error instanceof Error ? error.message : String(error)}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
