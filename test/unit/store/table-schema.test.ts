import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createTableInput,
  findingIndexKeys,
  findingSk,
  findingSkPrefix,
  GLOBAL_INDEXES,
  outboxSk,
  reportSk,
  reportSkPrefix,
} from "../../../shared/store/table-schema.ts";

describe("table definition", () => {
  it("declares every key attribute of the table and its indexes, and nothing else", () => {
    const input = createTableInput("t");
    const declared = input.AttributeDefinitions.map((a) => a.AttributeName).sort();
    const used = [...input.KeySchema, ...input.GlobalSecondaryIndexes.flatMap((g) => g.KeySchema)]
      .map((k) => k.AttributeName)
      .sort();
    expect(declared).toEqual(used);
    expect(input.GlobalSecondaryIndexes.map((g) => g.IndexName)).toEqual(GLOBAL_INDEXES.map((g) => g.name));
  });
});

describe("key builders", () => {
  it("a year's prefix selects exactly that year's items", () => {
    expect(reportSk(2023, "ab")).toBe("REPORT#2023#ab");
    expect(reportSk(2023, "ab").startsWith(reportSkPrefix(2023))).toBe(true);
    expect(findingSk(2023, "section-missing", "problems").startsWith(findingSkPrefix(2023))).toBe(true);
    expect(findingSk(2023, "x", "k").startsWith(findingSkPrefix(202))).toBe(false);
    expect(findingSk(undefined, "site-unreachable", "site")).toBe("FINDING#0000#site-unreachable#site");
  });

  it("sort keys stay far below DynamoDB's 1 KB limit and distinct keys stay distinct", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 3000 }), (a, b) => {
        const ka = findingSk(2023, "table-arithmetic", a);
        const kb = findingSk(2023, "table-arithmetic", b);
        expect(Buffer.byteLength(outboxSk("bureau", ka, 3), "utf8")).toBeLessThan(1024);
        if (a !== b) expect(ka).not.toBe(kb);
      }),
    );
  });

  it("index sort keys start with status, so a status change moves the finding", () => {
    const base = {
      officeId: "o",
      bureauId: "b",
      year: 2023,
      rule: "late-publication",
      key: "late",
      severity: "error",
    };
    const open = findingIndexKeys({ ...base, status: "open" });
    const resolved = findingIndexKeys({ ...base, status: "resolved" });
    expect(open.GSI1PK).toBe("OFFICE#o");
    expect(open.GSI1SK).toBe("open#error#2023#b#late-publication#late");
    expect(resolved.GSI1SK?.startsWith("resolved#")).toBe(true);
    expect(resolved.GSI2PK).toBe("RULE#late-publication");
    expect(resolved.GSI3PK).toBe("YEAR#2023");
  });
});
