// Writes generated/ground-truth.json beside this file (run: npx tsx infra/local/sites/write-ground-truth.ts).
import { writeFileSync } from "node:fs";
import { SAMPLE_GROUND_TRUTH } from "./ground-truth.ts";

export const GROUND_TRUTH_JSON = new URL("./generated/ground-truth.json", import.meta.url);

export function groundTruthJson(): string {
  return `${JSON.stringify(SAMPLE_GROUND_TRUTH, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GROUND_TRUTH_JSON, groundTruthJson());
  console.log(`wrote ${GROUND_TRUTH_JSON.pathname}`);
}
