import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scriptPagination } from "../../../shared/crawl/script-pagination.ts";

describe("scriptPagination", () => {
  it("reads numbers, and variables set before the call (the last setting wins)", () => {
    expect(scriptPagination(`createPageHTML(7, 0, "index", "shtml")`)).toEqual({
      total: 7,
      current: 0,
      stem: "index",
      ext: "shtml",
    });
    const html = `<script>var countPage = 2; countPage = 9;\nvar $cur=4;\ncreatePageHTML(countPage, $cur,'t20240115_1','html');</script>`;
    expect(scriptPagination(html)).toEqual({ total: 9, current: 4, stem: "t20240115_1", ext: "html" });
    // A property of something else (obj.countPage) is not the variable.
    expect(
      scriptPagination(`obj.countPage = 5;\ncreatePageHTML(countPage, 0, "index", "html")`),
    ).toBeUndefined();
  });

  it("never throws, in bounded time, on pieces of such scripts in any order", () => {
    const piece = fc.constantFrom(
      "createPageHTML(",
      "var ",
      "countPage",
      "currentPage",
      " = ",
      "=",
      "7",
      "0",
      "99999999",
      ", ",
      '"index"',
      "'html'",
      ");",
      ";",
      "\n",
      "$",
      ".",
      " ",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const result = scriptPagination(pieces.join(""));
        if (result) expect(Number.isInteger(result.total) && Number.isInteger(result.current)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
