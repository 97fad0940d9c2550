import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { datastoreRecords } from "../../../shared/crawl/datastore-records.ts";
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
