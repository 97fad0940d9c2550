// Writes docs/rules.md from the rule catalogue: `npm run docs:rules`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderRulesDoc } from "../shared/rules/rules-doc.ts";

const target = fileURLToPath(new URL("../docs/rules.md", import.meta.url));
writeFileSync(target, renderRulesDoc());
process.stdout.write(`wrote ${target}\n`);
