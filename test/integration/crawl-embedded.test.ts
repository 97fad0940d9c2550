// A column whose list sits in an <iframe> (one entry opened by a script), and a report shown as a PDF
// through a viewer frame: over real HTTP the crawler reads the framed list, follows the scripted entry,
// and fetches the PDF the reader sees, as an attachment.
import { describe, expect, it } from "vitest";
import { faultHost, htmlFile, REPORT_TITLE, useFaultSites } from "../support/fault-server.ts";

const HOST = faultHost("framed");
const HTML = "text/html; charset=utf-8";
const html = (body: string) => htmlFile(body).body;

const sites = useFaultSites([HOST], {
  "/xxgk/nb/": {
    type: HTML,
    body: html(
      `<h2>政府信息公开年报</h2><iframe src="/module/list.jsp?col=7&amp;page=1"></iframe><iframe src="/widget/weather.html"></iframe>`,
    ),
  },
  // A widget frame beside the list: fetched, empty, and no reason to doubt the column.
  "/widget/weather.html": { type: HTML, body: html("<span>晴 12℃</span>") },
  "/module/list.jsp": {
    type: HTML,
    body: html(
      `<a href="/xxgk/nb/2023/t20240118_9.html">${REPORT_TITLE(2023)}</a>
         <a href="javascript:void(0)" onclick="window.open('/xxgk/nb/2022/t20230110_3.html','_blank')">${REPORT_TITLE(2022)}</a>`,
    ),
  },
  "/xxgk/nb/2022/t20230110_3.html": { type: HTML, body: html(`<h1>${REPORT_TITLE(2022)}</h1>`) },
  "/xxgk/nb/2023/t20240118_9.html": {
    type: HTML,
    body: html(
      `<h1>${REPORT_TITLE(2023)}</h1><iframe src="/pdfjs/web/viewer.html?file=%2Fupload%2F2023nb.pdf"></iframe>`,
    ),
  },
  "/upload/2023nb.pdf": { type: "application/pdf", body: () => Buffer.from("%PDF-1.4\n%%EOF\n") },
});

describe("frames and embedded documents", () => {
  it("reads a framed list, follows a scripted entry, and fetches the PDF a report page shows", async () => {
    const crawl = await sites.crawl("framed", "/xxgk/nb/");
    expect(crawl.status).toBe("ok");
    expect(
      crawl.documents.map((d) => ({ url: d.url, year: d.yearHint, files: d.attachments.map((a) => a.url) })),
    ).toEqual([
      {
        url: `http://${HOST}/xxgk/nb/2023/t20240118_9.html`,
        year: 2023,
        files: [`http://${HOST}/upload/2023nb.pdf`],
      },
      { url: `http://${HOST}/xxgk/nb/2022/t20230110_3.html`, year: 2022, files: [] },
    ]);
    const paths = sites.server.log.filter((e) => e.host === HOST).map((e) => e.path);
    expect(paths).not.toContain("/pdfjs/web/viewer.html");
  });
});
