import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findAttachments } from "../../../shared/crawl/attachments.ts";
import { analyseListing } from "../../../shared/crawl/discover.ts";
import { embeddedResources, shownAddress } from "../../../shared/crawl/embedded.ts";

const SITE = "tjj.example.gov.cn";
const PAGE = `http://${SITE}/zwgk/nb/index.html`;
const allowSite = (host: string) => host === SITE;

describe("embedded frames and documents", () => {
  it("finds a list frame and documents shown in frames, embeds, objects and PDF viewers", () => {
    const html = `<body>
      <iframe id="list" src="list.jsp?col=12&amp;page=1" width="100%"></iframe>
      <IFRAME SRC='/pdfjs/web/viewer.html?file=%2Fupload%2F2024%2Freport.pdf'></IFRAME>
      <embed type="application/pdf" src="/upload/2023/nb.PDF">
      <object data="../files/2022.docx"></object>
      <iframe class="lazy" data-src="/upload/2021/nb.pdf"></iframe>
      <iframe src="javascript:void(0)"></iframe><iframe src="index.html"></iframe>
    </body>`;
    expect(embeddedResources(html, PAGE)).toEqual([
      { kind: "frame", url: `http://${SITE}/zwgk/nb/list.jsp?col=12&page=1` },
      { kind: "document", url: `http://${SITE}/upload/2024/report.pdf` },
      { kind: "document", url: `http://${SITE}/upload/2023/nb.PDF` },
      { kind: "document", url: `http://${SITE}/zwgk/files/2022.docx` },
      { kind: "document", url: `http://${SITE}/upload/2021/nb.pdf` },
    ]);
    expect(embeddedResources("<p>no frames here</p>", PAGE)).toEqual([]);
  });

  it("reads a framed column's list as a listing to follow, on the bureau's hosts only", () => {
    const html = `<iframe src="/col/col123/list.html"></iframe><iframe src="http://video.example.com/player"></iframe>`;
    expect(analyseListing(html, PAGE, { isAllowedHost: allowSite }).subListings).toEqual([
      `http://${SITE}/col/col123/list.html`,
    ]);
  });

  it("takes a report link to a PDF viewer as a link to the PDF", () => {
    const html = `<a href="/pdfjs/web/viewer.html?file=/upload/2023nb.pdf">示例市统计局2023年政府信息公开工作年度报告</a>`;
    expect(analyseListing(html, PAGE, { isAllowedHost: allowSite }).reports).toEqual([
      {
        url: `http://${SITE}/upload/2023nb.pdf`,
        linkText: "示例市统计局2023年政府信息公开工作年度报告",
        yearHint: 2023,
      },
    ]);
  });

  it("counts an embedded PDF and a viewer link as the report page's attachments", () => {
    const html = `<iframe src="/pdfjs/web/viewer.html?file=/upload/a.pdf"></iframe>
      <a href="/pdfjs/web/viewer.html?file=/upload/b.pdf">下载</a><a href="/upload/a.pdf">原文</a>
      <embed src="http://evil.example.com/x.pdf">`;
    expect(findAttachments(html, PAGE, allowSite).map((l) => l.url)).toEqual([
      `http://${SITE}/upload/b.pdf`,
      `http://${SITE}/upload/a.pdf`,
    ]);
  });

  it("sends a frame's query in the page's encoding, as a browser does", () => {
    const html = `<iframe src="/list.aspx?lm=年报"></iframe>`;
    const page = "http://www.example.gov.cn/zwgk/";
    expect(embeddedResources(html, page, "gb18030").map((e) => e.url)).toEqual([
      "http://www.example.gov.cn/list.aspx?lm=%C4%EA%B1%A8",
    ]);
    expect(embeddedResources(html, page).map((e) => e.url)).toEqual([
      "http://www.example.gov.cn/list.aspx?lm=%E5%B9%B4%E6%8A%A5",
    ]);
  });

  it("gives the document a viewer address shows, relative when the address was", () => {
    expect(shownAddress("/pdfjs/web/viewer.html?file=%2Fu%2F2024%2Fnb.pdf")).toBe("/u/2024/nb.pdf");
    expect(shownAddress("/pdfjs/web/viewer.html?file=nb.pdf")).toBe("/pdfjs/web/nb.pdf");
    expect(shownAddress(`http://${SITE}/viewer.html?file=/u/nb.pdf`)).toBe(`http://${SITE}/u/nb.pdf`);
    expect(shownAddress("/u/2024/nb.pdf")).toBe("/u/2024/nb.pdf");
    expect(shownAddress("http://[bad")).toBe("http://[bad");
  });

  it("never throws and stays bounded on arbitrary markup", () => {
    const pieces = fc.constantFrom(
      "<iframe",
      "<embed",
      "<object",
      " src=",
      " data=",
      '"',
      "'",
      ">",
      "a.pdf",
      "?file=",
      "%2F",
      "&amp;",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }), (parts) => {
        const found = embeddedResources(parts.join(""), PAGE);
        expect(found.length).toBeLessThanOrEqual(20);
        for (const e of found) expect(e.url).toMatch(/^https?:\/\//);
      }),
      { numRuns: 500 },
    );
  });
});
