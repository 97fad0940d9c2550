import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonListing } from "../../../shared/crawl/json-listing.ts";

const API = "http://www.example.gov.cn/api/list";
const jsonListingLinks = (text: string) => jsonListing(text, API)?.links;

describe("a JSON listing's entries as links", () => {
  it("finds objects with a title and an address at any depth, under the CMS's own field names", () => {
    const links = jsonListingLinks(
      JSON.stringify({
        result: { page: { content: [{ mainTitle: "甲 & 乙", linkUrl: "/a/1.html" }] } },
        items: [{ name: "丙", path: "https://x.gov.cn/b/2.html", id: 3 }, { name: "no address" }],
      }),
    );
    expect(links?.split("\n")).toEqual([
      '<a href="/a/1.html">甲 &amp; 乙</a>',
      '<a href="https://x.gov.cn/b/2.html">丙</a>',
    ]);
  });

  it("takes the title over a name an entry also carries (its author's, its column's)", () => {
    expect(jsonListingLinks('[{"name":"张三","docTitle":"年报","url":"/nb/1.html"}]')).toBe(
      '<a href="/nb/1.html">年报</a>',
    );
    expect(jsonListingLinks('[{"subTitle":"副题","name":"x","title":"年报","url":"/nb/1.html"}]')).toBe(
      '<a href="/nb/1.html">年报</a>',
    );
  });

  it("takes an address under any key when it names a file, and strips a search's highlighting", () => {
    expect(jsonListingLinks('[{"t_title":"<font color=red>年报</font>","x":"/nb/1.shtml"}]')).toBe(
      '<a href="/nb/1.shtml">年报</a>',
    );
  });

  it.each([
    [
      "a total of entries, pages from 1",
      "?pageNo=1&pageSize=2",
      { data: { total: 5 } },
      "?pageNo=2&pageSize=2",
    ],
    ["on its last page", "?pageNo=3&pageSize=2", { data: { total: 5 } }, undefined],
    ["a count of pages, as a string", "?page=1", { result: { totalPages: "3" } }, "?page=2"],
    ["pages from 0", "?current=0&size=2", { totalElements: 3 }, "?current=1&size=2"],
    ["no total, its page as full as asked for", "?pageNo=1&pageSize=2", {}, "?pageNo=2&pageSize=2"],
    ["no total, its page less full than asked for", "?pageNo=4&pageSize=10", {}, undefined],
    ["no total and no page size", "?pageNo=1", {}, undefined],
    ["no total and a page size of 0", "?pageNo=1&pageSize=0", {}, undefined],
    ["a flag that more follow", "?pageNo=1", { data: { hasNextPage: true, total: 2 } }, "?pageNo=2"],
    ["a flag that none follow", "?pageNo=1&pageSize=2", { hasMore: false }, undefined],
    ["a last-page flag, false", "?page=0&size=2", { last: false }, "?page=1&size=2"],
    ["a last-page flag, true", "?page=1&size=2", { isLastPage: "true", total: 9 }, undefined],
    ["no page parameter", "?channelId=5", { total: 50 }, undefined],
  ])("asks for the next page of an API with %s", (_what, query, extra, next) => {
    const entries = [
      { title: "甲", url: "/a/1.html" },
      { title: "乙", url: "/a/2.html" },
    ];
    const listing = jsonListing(JSON.stringify({ ...extra, list: entries }), `${API}${query}`);
    expect(listing?.next).toBe(next === undefined ? undefined : `${API}${next}`);
    // Asked by POST, the same parameters in its form: the next page is the next form, at the same address.
    const posted = jsonListing(
      JSON.stringify({ ...extra, list: entries }),
      API,
      "rooted",
      Object.fromEntries(new URLSearchParams(query)),
    );
    expect(posted?.next).toBeUndefined();
    expect(posted?.nextForm).toEqual(
      next === undefined ? undefined : Object.fromEntries(new URLSearchParams(next)),
    );
  });

  it("passes over HTML, broken JSON and JSON without entries", () => {
    for (const text of ["<html><a href='/1.html'>x</a></html>", "{", "[1,2,3]", '{"a":"b"}', "", "null"])
      expect(jsonListingLinks(text)).toBeUndefined();
  });

  it("never throws, and writes no markup of its own from the data", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const links = jsonListingLinks(JSON.stringify(value));
        for (const line of links?.split("\n") ?? []) expect(line).toMatch(/^<a href="[^"<]*">[^<]*<\/a>$/);
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void jsonListingLinks(text)));
  });
});
