#!/usr/bin/env node
// The `gdm` command: runs the TypeScript CLI through tsx (a runtime dependency of the CLI only).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsx = require.resolve("tsx/cli");
const result = spawnSync(
  process.execPath,
  [tsx, path.join(root, "infra/local/main.ts"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
process.exit(result.status ?? 1);
