import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scriptDataSources } from "../../../shared/crawl/script-sources.ts";

const PAGE = "http://tjj.example.gov.cn/col/zfxxgknb/index.html";
const page = (script: string, head = "") =>
  `<html><head>${head}</head><body><ul id="list"></ul><script type="text/javascript">${script}</script></body></html>`;
const sources = (html: string) => scriptDataSources(html, PAGE).sources;

describe("the addresses a column page's script asks for its list", () => {
  it.each([
    [
      '$.ajax({ url: "/api/channel/list?channelId=12", type: "GET", dataType: "json" })',
      "/api/channel/list?channelId=12",
    ],
    ["$.getJSON('list.json', function (data) { draw(data); });", "/col/zfxxgknb/list.json"],
    ["$.post('/api/docs', { page: 1 }, draw);", "/api/docs"],
    ["fetch(`/api/list?page=1&size=20`).then((r) => r.json()).then(draw);", "/api/list?page=1&size=20"],
    ['axios.get("../api/nb/list").then(draw)', "/col/api/nb/list"],
    ['var xhr = new XMLHttpRequest(); xhr.open("GET", "/data/nb.json", true); xhr.send();', "/data/nb.json"],
    ['$("#list").load("/col/zfxxgknb/list_frag.html #items");', "/col/zfxxgknb/list_frag.html"],
  ])("reads %s", (script, path) => {
    expect(sources(page(script))).toEqual([`http://tjj.example.gov.cn${path}`]);
  });

  it("says where the code builds the address instead of fetching a guess", () => {
    const found = scriptDataSources(page('$.ajax({ url: "/api/list?channelId=" + channelId })'), PAGE);
    expect(found).toEqual({ sources: [], built: ["http://tjj.example.gov.cn/api/list?channelId="] });
  });

  it("passes over what is never a column's list", () => {
    const scripts = [
      '$.ajax({ url: "/visit/count?id=1" })',
      '$.get("/css/site.css")',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a page's script, not ours
      "$.ajax({ url: `/api/list?id=${id}` })",
      'window.open("/col/other.html")',
      'var share = { url: "javascript:void(0)" };',
      '$.getJSON("/api/weather")',
      "fetch(location.href)",
    ];
    for (const script of scripts)
      expect(scriptDataSources(page(script), PAGE)).toEqual({ sources: [], built: [] });
  });

  it("takes a data file the page loads, not its libraries", () => {
    const head = [
      '<script src="/js/jquery-1.12.4.min.js"></script>',
      '<script src="/js/common.js"></script>',
      '<script src="js/list.js"></script>',
      '<script type="text/javascript" src="/js/nb_data_list.js?v=3"></script>',
    ].join("");
    expect(sources(page("draw(docs);", head))).toEqual([
      "http://tjj.example.gov.cn/col/zfxxgknb/js/list.js",
      "http://tjj.example.gov.cn/js/nb_data_list.js?v=3",
    ]);
  });

  it("names each address once, never the page itself, and three at most", () => {
    const script = [
      `$.getJSON("${PAGE}")`,
      '$.getJSON("/api/a")',
      '$.getJSON("/api/a")',
      '$.getJSON("/api/b")',
      '$.getJSON("/api/c")',
      '$.getJSON("/api/d")',
    ].join(";");
    expect(sources(page(script))).toEqual(
      ["/api/a", "/api/b", "/api/c"].map((p) => `http://tjj.example.gov.cn${p}`),
    );
  });

  it("reads no script in the page's text, only in its scripts", () => {
    expect(sources(`<p>$.getJSON("/api/a")</p>`)).toEqual([]);
  });

  it("never throws, and stays bounded on hostile scripts", () => {
    const hostile = [
      'url: "'.repeat(100_000),
      '$.getJSON("/a'.repeat(50_000),
      `url: "${"x".repeat(600)}"`.repeat(3_000),
      "<script>".repeat(20_000),
    ];
    for (const script of hostile) {
      const found = scriptDataSources(page(script), PAGE);
      expect(found.sources.length + found.built.length).toBeLessThanOrEqual(6);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.webUrl(), (script, base) => {
        const found = scriptDataSources(page(script), base);
        for (const url of [...found.sources, ...found.built]) expect(url).toMatch(/^https?:\/\//);
      }),
    );
  });
});
