import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scriptDataSources } from "../../../shared/crawl/script-sources.ts";

const PAGE = "http://tjj.example.gov.cn/col/zfxxgknb/index.html";
const page = (script: string, head = "") =>
  `<html><head>${head}</head><body><ul id="list"></ul><script type="text/javascript">${script}</script></body></html>`;
const sources = (html: string) => scriptDataSources(html, PAGE).sources;
const urls = (html: string) => sources(html).map((s) => s.url);
const at = (path: string) => `http://tjj.example.gov.cn${path}`;

describe("the addresses a column page's script asks for its list", () => {
  it.each([
    [
      '$.ajax({ url: "/api/channel/list?channelId=12", type: "GET", dataType: "json" })',
      "/api/channel/list?channelId=12",
    ],
    ["$.getJSON('list.json', function (data) { draw(data); });", "/col/zfxxgknb/list.json"],
    ["fetch(`/api/list?page=1&size=20`).then((r) => r.json()).then(draw);", "/api/list?page=1&size=20"],
    ['axios.get("../api/nb/list").then(draw)', "/col/api/nb/list"],
    ['var xhr = new XMLHttpRequest(); xhr.open("GET", "/data/nb.json", true); xhr.send();', "/data/nb.json"],
    ['$("#list").load("/col/zfxxgknb/list_frag.html #items");', "/col/zfxxgknb/list_frag.html"],
  ])("reads %s", (script, path) => {
    expect(sources(page(script))).toEqual([{ url: at(path) }]);
  });

  it("asks as the call asks: its data as the query of a GET, as the form of a POST", () => {
    const cases: [string, { url: string; form?: Record<string, string> }][] = [
      [
        '$.ajax({ url: "/api/list", type: "post", data: { channelId: 12, pageNo: 1 }, success: draw });',
        { url: at("/api/list"), form: { channelId: "12", pageNo: "1" } },
      ],
      [
        '$.ajax({ type: "GET", data: { channelId: "12" }, url: "/api/list?x=1", dataType: "json" });',
        { url: at("/api/list?x=1&channelId=12") },
      ],
      [
        '$.getJSON("/api/list", { channelId: 12, size: 20 }, draw);',
        { url: at("/api/list?channelId=12&size=20") },
      ],
      ["$.post('/api/docs', { page: 1 }, draw);", { url: at("/api/docs"), form: { page: "1" } }],
      ['xhr.open("POST", "/api/docs", true);', { url: at("/api/docs"), form: {} }],
      // Data the code computes is not guessed at: the address alone.
      ['$.ajax({ url: "/api/list", data: { channelId: colId }, success: draw });', { url: at("/api/list") }],
      // jQuery's JSONP placeholder becomes a function name, as jQuery makes one.
      ['$.getJSON("/api/list?callback=?", draw);', { url: at("/api/list?callback=jsonpCallback") }],
    ];
    for (const [script, source] of cases) expect(sources(page(script))).toEqual([source]);
  });

  it("keeps each call's options to itself, wherever they stand", () => {
    const script = `
      $.ajax({ url: "/api/menu/tree", success: function (r) { drawMenu(r); } });
      $.ajax({ type: "post", data: { channelId: 12 }, url: "/api/list", success: draw });
      $.ajax({ url: "/api/docs", type: "post", data: { page: 2 } });
      $.ajax({ url: "/api/notice", success: draw });`;
    const found = scriptDataSources(page(script), PAGE).sources;
    expect(found).toEqual([
      { url: at("/api/menu/tree") },
      { url: at("/api/list"), form: { channelId: "12" } },
      { url: at("/api/docs"), form: { page: "2" } },
    ]);
    const last = scriptDataSources(page(script.replace(/[^\n]*menu[^\n]*\n/, "")), PAGE).sources;
    expect(last.at(-1)).toEqual({ url: at("/api/notice") });
  });

  it("joins an address from literals and names the page gives one plain value", () => {
    const script = `
      var channelId = "12"; var size = 20;
      $.getJSON("/api/list?channelId=" + channelId + "&size=" + size, { pageNo: 1 }, draw);`;
    expect(sources(page(script))).toEqual([{ url: at("/api/list?channelId=12&size=20&pageNo=1") }]);
    const head = "<script>var siteId = '7';</script>";
    expect(urls(page("$.ajax({ url: '/api/' + siteId + '/list', success: draw });", head))).toEqual([
      at("/api/7/list"),
    ]);
  });

  it.each([
    [
      'var channelId = "12"; var channelId = "13"; $.get("/api/list?id=" + channelId, draw);',
      "given two values",
    ],
    ['$.get("/api/list?id=" + getChannel(), draw);', "a call"],
    ['var cfg = { id: 1 }; $.get("/api/list?id=" + cfg.id, draw);', "a property"],
    ['$.get("/api/list?id=" + location.hash.slice(1), draw);', "the page's address"],
  ])("does not join a name %s… (%s)", (script) => {
    expect(scriptDataSources(page(script), PAGE)).toEqual({ sources: [], built: [at("/api/list?id=")] });
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
    expect(urls(page("draw(docs);", head))).toEqual([
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
    expect(urls(page(script))).toEqual(["/api/a", "/api/b", "/api/c"].map(at));
  });

  it("reads no script in the page's text, only in its scripts", () => {
    expect(urls(`<p>$.getJSON("/api/a")</p>`)).toEqual([]);
  });

  it("never throws, and stays bounded on hostile scripts", () => {
    const hostile = [
      'url: "'.repeat(100_000),
      '$.getJSON("/a'.repeat(50_000),
      `url: "${"x".repeat(600)}"`.repeat(3_000),
      "<script>".repeat(20_000),
      '$.get("/a" + x + '.repeat(50_000),
      'var a = "1"; $.get("/a" + a + "b" + a + "c" + a + "d" + a + "e" + a);'.repeat(10_000),
    ];
    for (const script of hostile) {
      const found = scriptDataSources(page(script), PAGE);
      expect(found.sources.length + found.built.length).toBeLessThanOrEqual(6);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.webUrl(), (script, base) => {
        const found = scriptDataSources(page(script), base);
        for (const url of [...found.sources.map((s) => s.url), ...found.built])
          expect(url).toMatch(/^https?:\/\//);
      }),
    );
  });
});
