// The fault server's pages: its static columns and reports (ETag / Last-Modified, 304), the raw bytes of
// malformed answers, and helpers for the extra pages a test serves.
import iconv from "iconv-lite";

export const REPORT_TITLE = (year: number) => `示例市统计局${year}年政府信息公开工作年度报告`;

export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function reportPage(year: number, attachment?: string): string {
  const link = attachment ? `<p>附件：<a href="${attachment}">${REPORT_TITLE(year)}.pdf</a></p>` : "";
  return page(REPORT_TITLE(year), `<h1>${REPORT_TITLE(year)}</h1><p>一、总体情况</p>${link}`);
}

/**
 * By path; `body` is called on each request with its parameters (the query and a POSTed form, merged as
 * a JSP's getParameter sees them: a dataproxy.jsp answers by them) and its method.
 */
export type StaticPages = Record<
  string,
  {
    type: string;
    body: (params: URLSearchParams, method: string) => Buffer;
    /** The answer's status (200 when absent): a page that refuses some requests. */
    status?: (params: URLSearchParams, method: string) => number;
    /** More response headers (an HTTP Refresh, say). */
    headers?: Record<string, string>;
  }
>;

/**
 * A UTF-8 HTML page for the extra pages a test serves; `body` may be a function, called on each request,
 * so a test can change the page between crawls.
 */
export function htmlFile(body: string | (() => string), head = ""): StaticPages[string] {
  return {
    type: "text/html; charset=utf-8",
    body: () =>
      Buffer.from(
        `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${typeof body === "string" ? body : body()}</body></html>`,
      ),
  };
}

const MALFORMED_BODY = `<!doctype html><html><head><meta charset="utf-8"><title>年报</title></head><body><a href="/">首页</a><p>old server</p></body></html>`;
const framed = (head: string) =>
  Buffer.concat([
    Buffer.from(head.replaceAll("{n}", String(Buffer.byteLength(MALFORMED_BODY)))),
    Buffer.from(MALFORMED_BODY),
  ]);
const chunked = (head: string, sizeSuffix = "") => {
  const body = Buffer.from(MALFORMED_BODY);
  return Buffer.concat([
    Buffer.from(`${head}${body.length.toString(16)}${sizeSuffix}\r\n`),
    body,
    Buffer.from("\r\n0\r\n\r\n"),
  ]);
};
/** By path: the raw bytes of a malformed answer. */
export const MALFORMED: Record<string, Buffer> = {
  "/malformed/bare-lf": framed(
    "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Length: {n}\nConnection: close\n\n",
  ),
  "/malformed/folded-header": framed(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Powered-By: TRS\r\n WCM 6.5\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n",
  ),
  "/malformed/control-byte": framed(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Server: a\u0001b\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n",
  ),
  "/malformed/length-and-chunked": chunked(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 99999\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
  ),
  "/malformed/chunk-size-space": chunked(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    " ",
  ),
  // The same length twice, as two fields or as a list: a browser takes the one value (RFC 9110 §8.6).
  "/malformed/same-length-twice": framed(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {n}\r\nServer: IIS\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n",
  ),
  "/malformed/length-list": framed(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {n}, {n}\r\nConnection: close\r\n\r\n",
  ),
  // Not read by any parser here: a clear, permanent error.
  "/malformed/two-lengths": framed(
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {n}\r\nContent-Length: 1{n}\r\nConnection: close\r\n\r\n",
  ),
};

/** Static pages with ETag / Last-Modified and 304 support. */
export const STATIC: StaticPages = {
  "/healthy/": {
    type: "text/html; charset=utf-8",
    body: () =>
      Buffer.from(
        page(
          "政府信息公开年报",
          `<ul><li><a href="/healthy/2023/report.html">${REPORT_TITLE(2023)}</a></li>
           <li><a href="http://big5.healthy.bureau.test/gate/big5/healthy.bureau.test/healthy/2023/report.html">${REPORT_TITLE(2023)}（繁體）</a></li>
           <li><a href="/healthy/notice.html">关于做好2023年政府信息公开工作年度报告编制工作的通知</a></li></ul>
           <a href="/healthy/index_1.html">下一页</a>`,
        ),
      ),
  },
  "/healthy/index_1.html": {
    type: "text/html; charset=utf-8",
    body: () =>
      Buffer.from(
        page(
          "政府信息公开年报 第2页",
          `<a href="/healthy/2022/report.html" title="${REPORT_TITLE(2022)}">示例市统计局2022年…</a>
           <a href="/healthy/">上一页</a><a href="/healthy/index_1.html">尾页</a>`,
        ),
      ),
  },
  "/healthy/2023/report.html": {
    type: "text/html; charset=utf-8",
    body: () => Buffer.from(reportPage(2023, "/healthy/files/report-2023.pdf")),
  },
  "/healthy/2022/report.html": {
    type: "text/html; charset=utf-8",
    body: () => Buffer.from(reportPage(2022)),
  },
  "/healthy/files/report-2023.pdf": {
    type: "application/pdf",
    body: () => Buffer.from("%PDF-1.4\n% a tiny stand-in for a report PDF\n%%EOF\n"),
  },
  "/offsite/": {
    type: "text/html; charset=utf-8",
    body: () =>
      Buffer.from(
        page(
          "年报",
          `<a href="http://evil.example.com/nb/2023.html">${REPORT_TITLE(2023)}</a>
           <a href="/offsite/2021.html">${REPORT_TITLE(2021)}</a>`,
        ),
      ),
  },
  "/offsite/2021.html": { type: "text/html; charset=utf-8", body: () => Buffer.from(reportPage(2021)) },
  "/charset/": {
    // GBK bytes, a header that claims UTF-8, and a correct <meta>.
    type: "text/html; charset=utf-8",
    body: () =>
      iconv.encode(
        `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>
         <a href="/charset/2020.html">${REPORT_TITLE(2020)}</a></body></html>`,
        "gbk",
      ),
  },
  "/charset/2020.html": { type: "text/html; charset=gbk", body: () => iconv.encode(reportPage(2020), "gbk") },
  // A GBK column whose report is asked for by a Chinese file name in the query (an old ASP.NET server:
  // /gbk-query/download.aspx answers only a name sent in GBK, as a browser on this page sends it), and
  // a GBK report page whose PDF is linked the same way.
  "/gbk-query/": {
    type: "text/html",
    body: () =>
      iconv.encode(
        page(
          "年报",
          `<a href="download.aspx?name=2022年报.html">${REPORT_TITLE(2022)}</a>
           <a href="/gbk-query/2021.html">${REPORT_TITLE(2021)}</a>`,
        ).replace('charset="utf-8"', 'charset="gbk"'),
        "gbk",
      ),
  },
  "/gbk-query/2021.html": {
    type: "text/html; charset=gbk",
    body: () =>
      iconv.encode(
        page(
          REPORT_TITLE(2021),
          `<p>附件：<a href="download.aspx?name=2021年报.pdf">${REPORT_TITLE(2021)}.pdf</a></p>`,
        ).replace('charset="utf-8"', 'charset="gbk"'),
        "gbk",
      ),
  },
};

/** The files /gbk-query/download.aspx serves, by the name's GBK bytes as the query carries them. */
export const GBK_QUERY_FILES: Record<string, { type: string; body: Buffer }> = {
  [gbkQueryValue("2022年报.html")]: {
    type: "text/html; charset=gbk",
    body: iconv.encode(reportPage(2022).replace('charset="utf-8"', 'charset="gbk"'), "gbk"),
  },
  [gbkQueryValue("2021年报.pdf")]: {
    type: "application/pdf",
    body: Buffer.from("%PDF-1.4\n% a tiny stand-in for a report PDF\n%%EOF\n"),
  },
};

function gbkQueryValue(name: string): string {
  return [...iconv.encode(name, "gbk")]
    .map((b) => (b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase()}`))
    .join("");
}
