import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../shared/rules/catalogue.ts";
import { renderRulesDoc } from "../../../shared/rules/rules-doc.ts";

describe("docs/rules.md", () => {
  it("is up to date with the rule catalogue (run `npm run docs:rules`)", () => {
    const onDisk = readFileSync(fileURLToPath(new URL("../../../docs/rules.md", import.meta.url)), "utf8");
    expect(onDisk).toBe(renderRulesDoc());
  });

  it("lists every rule once", () => {
    const doc = renderRulesDoc();
    for (const id of RULE_IDS) expect(doc.split(`| \`${id}\` `)).toHaveLength(2);
  });
});
