// Reports printed as pictures (SPEC §5.3 "（图片版）", DESIGN §7): read as annual reports whose tables
// cannot be read, never as reports missing every section or as "not an annual report".
import { describe, expect, it } from "vitest";
import { makePdf } from "../../../infra/local/sites/pdf-writer.ts";
import { readReport } from "../../../shared/report/read-report.ts";
import { runChecks } from "../../../shared/rules/run-checks.ts";
import { sampleHtmlPages } from "../../support/sample-pages.ts";
import { injectImage } from "../../support/scanned-pdf.ts";

const TITLE = "句容市统计局2025年政府信息公开工作年度报告";
const URL_2026 = "http://www.jurong.gov.cn/jrstjj/zfxxgknb/202601/t20260114_2790178.html";
const utf8 = (s: string) => new TextEncoder().encode(s);
const images = (n: number) =>
  Array.from({ length: n }, (_, i) => `<p><img src="/u/2026/p${i + 1}.jpg" alt=""></p>`).join("");

function page(title: string, body: string): Uint8Array {
  return utf8(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`,
  );
}

const read = (bytes: Uint8Array, linkText?: string) =>
  readReport({
    bytes,
    contentType: "text/html; charset=utf-8",
    url: URL_2026,
    officialHosts: ["www.jurong.gov.cn"],
    ...(linkText ? { linkText } : {}),
  });

describe("a report printed as images", () => {
  it("is an annual report of its year whose tables cannot be read, with nothing called missing", async () => {
    const report = await read(
      page(
        `${TITLE}_句容市人民政府`,
        `<h1>${TITLE}</h1><p>发布日期：2026-01-14 来源：句容市统计局</p>${images(6)}`,
      ),
    );
    expect(report).toMatchObject({ kind: "annual-report", year: 2025, imagesOnly: true });
    expect(report.publishedAt).toBe("2026-01-14");

    const findings = runChecks(report, { agencyType: "government", today: "2026-11-23" });
    expect(findings.map((f) => `${f.rule} ${f.key}`).sort()).toEqual([
      "table-not-extractable table.proactive",
      "table-not-extractable table.requests",
      "table-not-extractable table.review",
    ]);
    expect(findings[0]?.message).toContain("图片");
  });

  it("may have a short introduction in text before a picture per page, but not before one picture", async () => {
    const intro = `<p>${"根据《中华人民共和国政府信息公开条例》要求，现公布本机关年度报告全文如下。".repeat(8)}</p>`;
    const body = (pictures: number) => `<h1>${TITLE}</h1>${intro}${images(pictures)}`;
    expect((await read(page(TITLE, body(8)))).imagesOnly).toBe(true);
    expect((await read(page(TITLE, body(1)))).imagesOnly).toBeUndefined();
  });

  it("takes its title from the listing link when the page shows none of its own", async () => {
    const bytes = page("句容市人民政府", `<div class="content">${images(4)}</div>`);
    expect((await read(bytes)).kind).toBe("not-annual-report");
    const report = await read(bytes, `${TITLE}（图片版）`);
    expect(report).toMatchObject({ kind: "annual-report", year: 2025, imagesOnly: true });
  });

  it("takes a picture's file name for its title, as `check` passes it", async () => {
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
    ]);
    const report = await readReport({ bytes: jpeg, linkText: `${TITLE}.jpg` });
    expect(report).toMatchObject({ kind: "annual-report", year: 2025, imagesOnly: true, title: TITLE });
  });

  it("reads a scanned PDF (pages with no text layer) the same way", async () => {
    const report = await readReport({
      bytes: injectImage(makePdf([{ texts: [] }])),
      url: "http://www.jurong.gov.cn/jrstjj/zfxxgknb/202601/P020260114.pdf",
      linkText: `${TITLE}.pdf`,
    });
    expect(report).toMatchObject({ kind: "annual-report", year: 2025, imagesOnly: true });
  });

  it("reads a report published as one picture, and rejects a damaged OFD file as unreadable", async () => {
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
    ]);
    const picture = await readReport({
      bytes: jpeg,
      url: `${URL_2026.replace(".html", ".jpg")}`,
      linkText: TITLE,
    });
    expect(picture).toMatchObject({ kind: "annual-report", year: 2025, imagesOnly: true });
    const ofd = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      0x14,
      0,
      0,
      0,
      ...utf8("OFD.xml Doc_0/Document.xml"),
    ]);
    await expect(readReport({ bytes: ofd, linkText: TITLE })).rejects.toMatchObject({
      name: "ReportReadError",
      mediaType: "ofd",
      message: "无法读取OFD文档：OFD package: not a zip package (no central directory)",
    });
  });

  it("does not take the link's title for a page that says anything of its own or names another document", async () => {
    const news = page(
      "我市召开2025年政务公开工作推进会",
      `<h1>我市召开2025年政务公开工作推进会</h1><p>1月14日上午，会议召开。</p>${images(3)}`,
    );
    expect((await read(news, TITLE)).kind).toBe("not-annual-report");
    const titled = page("我市召开2025年政务公开工作推进会", images(3));
    expect((await read(titled, TITLE)).kind).toBe("not-annual-report");
  });

  it("is never said of a report with text, pictures or not", async () => {
    let reports = 0;
    for (const { url, html } of sampleHtmlPages()) {
      if ((await readReport({ bytes: utf8(html), url })).kind !== "annual-report") continue;
      reports++;
      const withPicture = html.replace(/<\/body>/i, `${images(4)}</body>`);
      const report = await readReport({ bytes: utf8(withPicture), url, linkText: TITLE });
      expect(report.imagesOnly, url).toBeUndefined();
    }
    expect(reports).toBeGreaterThan(20);
  });

  it("is an interpretation when its title says 图解", async () => {
    const report = await read(page(`图解：${TITLE}`, `<h1>图解：${TITLE}</h1>${images(3)}`));
    expect(report.kind).toBe("not-annual-report");
    expect(report.lookAlike?.type).toBe("interpretation");
  });
});
