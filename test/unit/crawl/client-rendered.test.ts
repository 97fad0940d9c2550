import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientRenderedList } from "../../../shared/crawl/client-rendered.ts";

const NAV = '<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></nav>';
const page = (body: string) =>
  `<!doctype html><html><head><title>年报</title></head><body>${NAV}${body}</body></html>`;

describe("a column page whose list the browser draws from a template", () => {
  it.each([
    ['<ul><li v-for="item in list"><a :href="item.url">{{ item.title }}</a></li></ul>', "framework"],
    ['<ul><li ng-repeat="d in docs"><a ng-href="{{d.url}}">{{d.title}}</a></li></ul>', "framework"],
    ['<ul id="list"><li><a href="{{url}}">{{title}}</a></li></ul>', "link template"],
    [
      '<ul id="list"></ul><script type="text/html" id="tpl">{{each list item}}<li><a href="{{item.url}}">{{item.title}}</a></li>{{/each}}</script>',
      "script template",
    ],
    [
      '<div id="app"></div><script src="/static/js/chunk-vendors.5f2a.js"></script><script src="/static/js/app.91c3.js"></script>',
      "single-page app",
    ],
  ])("is recognised: %s", (body, kind) => {
    expect(clientRenderedList(page(body))).toContain(
      {
        framework: "framework",
        "link template": "link template",
        "script template": "script template",
        "single-page app": "single-page app",
      }[kind],
    );
  });

  it.each([
    '<ul class="list"></ul><p>暂无信息</p>',
    "<p>模板语法 {{ 示例 }} 出现在正文里</p>",
    '<div id="app"><ul><li><a href="/a.html">2023年报</a></li></ul></div><script src="/js/app.js"></script>',
    '<script type="text/html" id="tpl"><li>静态模板</li></script>',
  ])("is not seen in a page that draws nothing so: %s", (body) => {
    expect(clientRenderedList(page(body))).toBeUndefined();
  });

  it("never throws, and stays bounded", () => {
    for (const hostile of [
      '<div id="app"></div>'.repeat(100_000),
      '<script type="text/html">'.repeat(50_000),
    ])
      expect(clientRenderedList(hostile)).toBeUndefined();
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (body) => void clientRenderedList(page(body))));
  });
});
