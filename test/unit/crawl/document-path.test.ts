// A cheaper test of "this link path looks like a document page" must agree with the regular
// expression it replaced (which backtracked on every "/").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikeDocumentPath } from "../../../shared/crawl/discover.ts";

describe("document-like path test", () => {
  it("agrees with the single regular expression it replaces", () => {
    const original = /\.(?:s?html?|jsp|php|aspx?)$|\/[\w-]*\d{5,}[\w-]*$|[?&]\w+=\d+/i;
    const part = fc.constantFrom(
      "/",
      "a",
      "_",
      "-",
      "1",
      "12345",
      "2023",
      ".html",
      ".SHTML",
      ".jsp",
      "?",
      "&",
      "=",
      "x=1",
      ".",
      "%20",
      "年",
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), (parts) => {
        const path = parts.join("");
        expect(looksLikeDocumentPath(path)).toBe(original.test(path));
      }),
      { numRuns: 5000 },
    );
  });
});
