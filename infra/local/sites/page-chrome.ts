// The page furniture real government CMSs wrap around a document: <head> with the declared charset,
// site header and navigation, breadcrumbs (当前位置), the metadata block, 字号/打印/关闭窗口, footer.
import { API_LISTING_PATH, type DocSpec, type SiteSpec } from "./site-spec.ts";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The charset label the <meta> uses (sites on GBK almost always say gb2312). */
export function metaCharsetLabel(encoding: SiteSpec["encoding"]): string {
  return encoding === "gbk" ? "gb2312" : encoding;
}

function head(site: SiteSpec, title: string, extraMeta: string, encoding = site.encoding): string {
  const declareInMeta = site.charset !== "header-only";
  const meta = declareInMeta
    ? `<meta http-equiv="Content-Type" content="text/html; charset=${metaCharsetLabel(encoding)}" />`
    : "";
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
${meta}
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="SiteName" content="${escapeHtml(site.name)}" />
<meta name="SiteDomain" content="${site.host}" />
${extraMeta}
<title>${escapeHtml(title)}_${escapeHtml(site.name)}</title>
</head>`;
}

function siteHeader(site: SiteSpec, gatewayLink?: string): string {
  const big5 = gatewayLink ? `<a href="${gatewayLink}">繁體</a>` : `<a href="javascript:void(0)">简体</a>`;
  return `<div class="top"><div class="w1200"><span>欢迎访问${escapeHtml(site.portalName)}门户网站</span>
<span class="fr">${big5} | <span>无障碍</span> | <a href="/search/">站内搜索</a></span></div></div>
<div class="header"><div class="w1200"><h2 class="logo">${escapeHtml(site.name)}</h2></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><span>新闻中心</span></li><li><a href="/zwgk/">政务公开</a></li><li><span>互动交流</span></li><li><span>政务服务</span></li></ul></div>`;
}

function footer(site: SiteSpec): string {
  const code = `${site.regionCode}00${String(site.host.length).padStart(2, "0")}`;
  return `<div class="footer"><div class="w1200">
<p><span>网站地图</span> | <span>联系我们</span> | <span>使用帮助</span></p>
<p>主办单位：${escapeHtml(site.name)}　承办：${escapeHtml(site.portalName)}办公室信息中心</p>
<p>网站标识码：${code}　ICP备案号：ICP备0${site.regionCode}号-1　公网安备 ${site.regionCode}02000${site.regionCode.slice(0, 3)}号</p>
</div></div>
</body>
</html>`;
}

export function breadcrumb(site: SiteSpec, leaf?: string): string {
  const parts = [
    `<a href="/">首页</a>`,
    `<a href="/zwgk/">政务公开</a>`,
    `<a href="${site.listingPath}">${escapeHtml(site.listingName)}</a>`,
  ];
  if (leaf) parts.push(escapeHtml(leaf));
  return `<div class="crumb">当前位置：${parts.join(" &gt; ")}</div>`;
}

function indexNumber(site: SiteSpec, doc: DocSpec): string {
  return `11${site.regionCode}MB0${String(doc.id % 100000).padStart(5, "0")}/${doc.publishedAt?.slice(0, 4) ?? doc.year + 1}-${String(doc.id % 1000).padStart(5, "0")}`;
}

const CATEGORY: Record<DocSpec["role"], string> = {
  report: "政府信息公开年报",
  "work-plan": "计划总结",
  interpretation: "政策解读",
  notice: "通知公告",
  news: "工作动态",
};

/** The metadata block in the site's layout; date fields are left out when the page states no date. */
export function metadataBlock(site: SiteSpec, doc: DocSpec, title: string): string {
  const date = doc.publishedAt;
  const stamp = date
    ? `${date} ${doc.time ?? `${9 + (doc.id % 8)}:${String(doc.id % 60).padStart(2, "0")}`}`
    : "";
  const row = (pairs: Array<[string, string]>) =>
    `<tr>${pairs.map(([k, v]) => `<td class="t">${k}：</td><td>${escapeHtml(v)}</td>`).join("")}</tr>`;
  const fields: Array<[string, string]> = [];
  switch (site.metaStyle) {
    case "taizhou":
      fields.push(["索引号", indexNumber(site, doc)], ["分类", CATEGORY[doc.role]], ["发布机构", site.name]);
      if (date) fields.push(["发文日期", date]);
      fields.push(["文号", ""], ["有效性", "有效"]);
      break;
    case "panjin":
      fields.push(
        ["索引号", indexNumber(site, doc)],
        ["主题分类", "部门政府信息公开工作年度报告"],
        ["发文机关", site.name],
      );
      if (doc.writtenAt) fields.push(["成文日期", doc.writtenAt]);
      fields.push(["标题", title], ["发文字号", ""]);
      if (date) fields.push(["发布日期", date]);
      fields.push(["主题词", ""]);
      break;
    case "guangdong":
      fields.push(["索引号", indexNumber(site, doc)], ["分类", CATEGORY[doc.role]], ["发布机构", site.name]);
      if (date) fields.push(["发布日期", date]);
      fields.push(["名称", title], ["文号", ""]);
      break;
    case "huashan":
      return `<div class="xxgk-info"><span>信息来源：${escapeHtml(site.name)}</span>${date ? `<span>发文日期：${stamp}</span>` : ""}<span>【字号：<a>大</a> <a>中</a> <a>小</a>】</span></div>`;
    case "anhui":
      return `<div class="xxgk-info"><span>信息来源：${escapeHtml(site.name)}</span>${date ? `<span>发布时间：${stamp}</span>` : ""}<span>浏览次数：${doc.id % 997}</span></div>`;
    case "xiangyang":
      return `<div class="xxgk-info">来自：${escapeHtml(site.name)}${date ? `　时间：${stamp}` : ""}　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>`;
  }
  const rows: string[] = [];
  for (let i = 0; i < fields.length; i += 2) rows.push(row(fields.slice(i, i + 2)));
  return `<table class="xxgk-table">${rows.join("\n")}</table>`;
}

export interface ArticlePageInput {
  site: SiteSpec;
  doc: DocSpec;
  title: string;
  bodyHtml: string;
  /** Link to the same page on the Big5 gateway. */
  gatewayLink?: string;
  /** Override the charset written in <meta> (the gateway page is Big5 on a UTF-8 site). */
  encoding?: SiteSpec["encoding"];
  /** Hide the metadata block (pages copied from mirror-like sources show none). */
  noMetadata?: boolean;
}

export function articlePage(input: ArticlePageInput): string {
  const { site, doc, title } = input;
  const pubMeta = doc.publishedAt ? `<meta name="PubDate" content="${doc.publishedAt}" />` : "";
  return `${head(site, title, `<meta name="ArticleTitle" content="${escapeHtml(title)}" />\n${pubMeta}`, input.encoding)}
<body>
${siteHeader(site, input.gatewayLink)}
<div class="w1200 main">
${breadcrumb(site, "正文")}
${input.noMetadata ? "" : metadataBlock(site, doc, title)}
<div class="article">
<h1 class="title">${escapeHtml(title)}</h1>
<div class="tools-top">【字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】　<a href="javascript:window.print()">打印</a></div>
<div class="TRS_Editor" id="zoom">
${input.bodyHtml}
</div>
<div class="tools-bottom"><a href="javascript:window.print()">【打印本页】</a>　<a href="javascript:window.close()">【关闭窗口】</a>　<span>扫一扫在手机打开当前页</span></div>
</div>
</div>
${footer(site)}`;
}

export interface ListingEntry {
  href: string;
  title: string;
  date: string | null;
}

export function listingPage(
  site: SiteSpec,
  entries: ListingEntry[],
  page: number,
  pageCount: number,
): string {
  const lines = entries.map(
    (e) =>
      `<li><a href="${e.href}" target="_blank" title="${escapeHtml(e.title)}">${escapeHtml(e.title)}</a>${e.date ? `<span class="date">${e.date}</span>` : ""}</li>`,
  );
  // As such CMSs write it: the channel's id in a variable, the address joined from it, a page size.
  const apiScript = `<script src="/js/jquery.min.js"></script>
<script>
var channelId = "1024";
$.ajax({ url: "${API_LISTING_PATH}?channelId=" + channelId, type: "get", data: { pageSize: 50 }, dataType: "json",
  success: function (res) {
    var html = "";
    for (var i = 0; i < res.data.list.length; i++) {
      var d = res.data.list[i];
      html += '<li><a href="' + d.docUrl + '" target="_blank">' + d.docTitle + "</a><span class="date">" + (d.pubDate || "") + "</span></li>";
    }
    $("ul.list").html(html);
  } });
</script>`;
  const items =
    site.listingStyle === "api"
      ? ""
      : site.listingStyle === "hanweb"
        ? `<div id="4514232"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229230631&unitid=4514232&permissiontype=0"></a>]]></nextgroup>
<recordset>
${lines.map((line) => `<record><![CDATA[${line}]]></record>`).join("\n")}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script>
<script>$('#4514232').jpage({totalRecord:${lines.length},perPage:15,groupSize:3,proxyUrl:'/module/web/jpage/dataproxy.jsp'});</script>`
        : lines.join("\n");
  const link = (n: number, text: string) =>
    `<a href="${n === 0 ? "index.html" : `index_${n}.html`}">${text}</a>`;
  const pager =
    pageCount > 1
      ? `<div class="page">共${pageCount}页　${link(0, "首页")} ${page > 0 ? link(page - 1, "上一页") : "上一页"} ${page < pageCount - 1 ? link(page + 1, "下一页") : "下一页"} ${link(pageCount - 1, "尾页")}</div>`
      : "";
  return `${head(site, site.listingName, "")}
<body>
${siteHeader(site)}
<div class="w1200 main">
${breadcrumb(site)}
<div class="column"><h3>${escapeHtml(site.listingName)}</h3>
<ul class="list">
${items}
</ul>
${pager}
</div>
</div>
${site.listingStyle === "api" ? apiScript : ""}
${footer(site)}`;
}

/** The 政务公开 portal page the breadcrumbs and navigation point to. */
export function opennessPage(site: SiteSpec): string {
  return `${head(site, "政务公开", "")}
<body>
${siteHeader(site)}
<div class="w1200 main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政务公开</div>
<ul class="columns">
<li><span>政府信息公开指南</span></li>
<li><span>法定主动公开内容</span></li>
<li><a href="${site.listingPath}">${escapeHtml(site.listingName)}</a></li>
</ul>
</div>
${footer(site)}`;
}

export function homePage(site: SiteSpec, latest: ListingEntry[]): string {
  const items = latest
    .slice(0, 6)
    .map(
      (e) =>
        `<li><a href="${e.href}">${escapeHtml(e.title)}</a>${e.date ? `<span>${e.date}</span>` : ""}</li>`,
    )
    .join("\n");
  return `${head(site, "首页", "")}
<body>
${siteHeader(site)}
<div class="w1200 main">
<div class="box"><h3>政务公开</h3><ul>
<li><span>政府信息公开指南</span></li>
<li><span>政府信息公开制度</span></li>
<li><a href="${site.listingPath}">${escapeHtml(site.listingName)}</a></li>
</ul></div>
<div class="box"><h3>最新信息</h3><ul>
${items}
</ul></div>
</div>
${footer(site)}`;
}

/** A page as a Big5 gateway renders it: the whole page in traditional characters, links rewritten. */
export function gatewayArticlePage(site: SiteSpec, title: string, bodyHtml: string): string {
  const gateway = site.big5Gateway;
  if (!gateway) throw new Error(`${site.bureauId} has no Big5 gateway`);
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5" />
<title>${escapeHtml(title)}_${escapeHtml(gateway.name)}</title>
</head>
<body>
<div class="top"><a href="http://${site.host}/">簡體</a> | <span>繁體</span></div>
<div class="header"><h2 class="logo">${escapeHtml(gateway.name)}</h2></div>
<div class="crumb">當前位置：首頁 &gt; ${escapeHtml(gateway.listingName)} &gt; 正文</div>
<div class="article">
<h1 class="title">${escapeHtml(title)}</h1>
<div class="tools-top">【字號：<a>大</a> <a>中</a> <a>小</a>】　<a href="javascript:window.print()">打印</a></div>
<div class="TRS_Editor" id="zoom">
${bodyHtml}
</div>
<div class="tools-bottom"><a href="javascript:window.print()">【打印本頁】</a>　<a href="javascript:window.close()">【關閉窗口】</a></div>
</div>
<div class="footer"><p>主辦單位：${escapeHtml(gateway.name)}　承辦：${escapeHtml(gateway.portalName)}辦公室</p></div>
</body>
</html>`;
}
