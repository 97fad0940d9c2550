import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  datastoreRecords,
  hanwebGroupForm,
  hanwebNextGroup,
} from "../../../shared/crawl/datastore-records.ts";
import { analyseListing } from "../../../shared/crawl/discover.ts";

const SITE = "www.hhtz.gov.cn";
const LISTING = `http://${SITE}/col/col1229230631/index.html`;

describe("Hanweb datastore columns", () => {
  const page = `<html><body><div class="nav"><a href="/">首页</a></div>
    <div id="4514232"><script type="text/xml"><datastore>
    <nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&webid=1&columnid=1229230631"></a>]]></nextgroup>
    <recordset>
    <record><![CDATA[
    <li><a href="/art/2024/1/19/art_1229230631_4302876.html" target="_blank" title="杭州市滨江区统计局2023年政府信息公开工作年度报告">杭州市滨江区统计局2023年…</a><span>2024-01-19</span></li>
    ]]></record>
    <record><![CDATA[<li><a href="/art/2023/1/17/art_1229230631_4134887.html">杭州市滨江区统计局2022年政府信息公开工作年度报告</a></li>]]></record>
    </recordset></datastore></script></div>
    <script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script></body></html>`;

  it("reads the entries a script would draw from the datastore", () => {
    const result = analyseListing(page, LISTING, { isAllowedHost: (h) => h === SITE });
    expect(result.reports).toEqual([
      {
        url: `http://${SITE}/art/2024/1/19/art_1229230631_4302876.html`,
        linkText: "杭州市滨江区统计局2023年政府信息公开工作年度报告",
        yearHint: 2023,
      },
      {
        url: `http://${SITE}/art/2023/1/17/art_1229230631_4134887.html`,
        linkText: "杭州市滨江区统计局2022年政府信息公开工作年度报告",
        yearHint: 2022,
      },
    ]);
    expect(datastoreRecords("<ul><li><a href='/a.html'>a</a></li></ul>")).toBeUndefined();
  });

  it("never throws and stays bounded on arbitrary markup", () => {
    const pieces = fc.constantFrom(
      "<record>",
      "</record>",
      "<![CDATA[",
      "]]>",
      "<a href='/x.html'>",
      "</a>",
      " ",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }), (parts) => {
        const records = datastoreRecords(parts.join(""));
        if (records !== undefined) expect(records.length).toBeLessThanOrEqual(parts.join("").length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the next group of a long Hanweb column", () => {
  const PROXY =
    "/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229230631&unitid=4514232&webname=%E6%BB%A8%E6%B1%9F&permissiontype=0";
  const record = (i: number) =>
    `<record><![CDATA[<li><a href="/art/2020/1/1/art_${i}.html">通知${i}</a></li>]]></record>`;
  const column = (records: number, jpage: string) =>
    `<div id="4514232"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="${PROXY}"></a>]]></nextgroup><recordset>${Array.from({ length: records }, (_, i) => record(i)).join("")}</recordset></datastore></script></div><script>$('#4514232').jpage({${jpage}});</script>`;
  const group = (url: string | undefined) => {
    const u = new URL(url ?? "http://none/");
    return [
      u.pathname,
      u.searchParams.get("columnid"),
      u.searchParams.get("startrecord"),
      u.searchParams.get("endrecord"),
      u.searchParams.get("perpage"),
    ];
  };

  it("asks dataproxy.jsp for the records after the first group, as the column's script would", () => {
    const next = hanwebNextGroup(column(45, "totalRecord:50,perPage:15,groupSize:3"), LISTING);
    expect(group(next)).toEqual(["/module/web/jpage/dataproxy.jsp", "1229230631", "46", "90", "15"]);
    expect(new URL(next!).searchParams.get("path")).toBe("/");
    // The answer is another datastore: a whole group leads to the next, a short one is the last.
    expect(group(hanwebNextGroup(column(45, ""), next!))).toEqual([
      "/module/web/jpage/dataproxy.jsp",
      "1229230631",
      "91",
      "135",
      "15",
    ]);
    expect(hanwebNextGroup(column(5, ""), next!)).toBeUndefined();
  });

  it("asks nothing when every record is shown, or a group that is not whole pages says so", () => {
    expect(hanwebNextGroup(column(12, "totalRecord:12,perPage:15"), LISTING)).toBeUndefined();
    expect(hanwebNextGroup(column(12, "perPage:15"), LISTING)).toBeUndefined();
    expect(group(hanwebNextGroup(column(30, "perPage:15"), LISTING)).slice(2)).toEqual(["31", "60", "15"]);
    expect(
      hanwebNextGroup(column(45, "totalRecord:50").replace(/<nextgroup>.*<\/nextgroup>/, ""), LISTING),
    ).toBeUndefined();
    expect(hanwebNextGroup("<ul><li><a href='/a.html'>a</a></li></ul>", LISTING)).toBeUndefined();
  });

  it("is a page of the listing, never a report", () => {
    const result = analyseListing(column(45, "totalRecord:60,perPage:15"), LISTING, {
      isAllowedHost: (h) => h === SITE,
    });
    expect(result.pages.map((p) => group(p)[2])).toEqual(["46"]);
  });

  it("never throws on arbitrary markup and addresses", () => {
    const pieces = fc.constantFrom(
      "<record>",
      '<nextgroup><![CDATA[<a href="',
      "totalRecord:",
      "perPage:",
      '">',
      "45",
      "?startrecord=1&endrecord=45",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), fc.string(), (parts, url) => {
        const html = parts.join("");
        hanwebNextGroup(html, url);
        hanwebNextGroup(html, `${LISTING}?startrecord=1&endrecord=45&perpage=15`);
      }),
      { numRuns: 500 },
    );
  });

  it("asks for a group with the column's parameters as the form, less the paging", () => {
    const group = `http://${SITE}/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=%2F&columnid=1229230631&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0&startrecord=46&endrecord=90&perpage=15`;
    expect(hanwebGroupForm(group)).toEqual({
      page: "1",
      appid: "1",
      webid: "3",
      path: "/",
      columnid: "1229230631",
      webname: "示例",
      permissiontype: "0",
    });
    expect(hanwebGroupForm(LISTING)).toBeUndefined();
    expect(
      hanwebGroupForm(`http://${SITE}/module/jpage/dataproxy.jsp?startrecord=x&endrecord=2`),
    ).toBeUndefined();
    // Another CMS's pagination by the same names is fetched as any page.
    expect(hanwebGroupForm(`http://${SITE}/list.jsp?startrecord=16&endrecord=30`)).toBeUndefined();
    expect(hanwebGroupForm("not a url")).toBeUndefined();
  });
});
