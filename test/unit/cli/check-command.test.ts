import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../../shared/cli/check-command.ts";
import type { ParsedReport, ReadInput } from "../../../shared/domain/report.ts";
import { buildReport, num } from "../rules/build-report.ts";

function captureIo(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), isTTY }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), "check-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "report.txt");
writeFileSync(file, "某某市统计局2023年政府信息公开工作年度报告");
const emptyFile = join(dir, "empty.html");
writeFileSync(emptyFile, "");

/** A reader that returns a known report: this file tests the command, not the reader. */
function readerOf(report: ParsedReport) {
  const seen: ReadInput[] = [];
  const read = async (input: ReadInput) => {
    seen.push(input);
    return structuredClone(report);
  };
  return { read, seen };
}

function brokenReport(): ParsedReport {
  const report = buildReport();
  report.tables.review!.review.total = num(999);
  report.sections.problems = null;
  report.text += "制发行政规范性文件999件。";
  report.decode = { encoding: "gb18030", source: "meta", replacementChars: 0 };
  return report;
}

describe("check: usage errors exit 2 with one line", () => {
  it.each([
    [[]],
    [["a.html", "b.html"]],
    [["a.html", "--colour"]],
    [["a.html", "--agency-type", "ministry"]],
    [["a.html", "--published", "2024-02-30"]],
    [["a.html", "--published", "20240201"]],
  ])("%j", async (argv) => {
    const { io, out, err } = captureIo();
    expect(await runCheck(argv, io, readerOf(buildReport()))).toBe(2);
    expect(out).toEqual([]);
    expect(err.join("").trimEnd().split("\n")).toHaveLength(1);
    expect(err.join("")).toContain("用法：check");
  });
});

describe("check: unreadable input exits 1 with one line", () => {
  it("names a missing file without a stack trace", async () => {
    const { io, err } = captureIo();
    expect(await runCheck([join(dir, "nope.html")], io)).toBe(1);
    expect(err.join("")).toMatch(/^无法读取：无法读取文件“.*nope\.html”：文件不存在\n$/);
  });

  it.each([
    ["an empty file", () => emptyFile, /^无法读取：文件“.*empty\.html”是空的\n$/],
    [
      "an address it does not fetch",
      () => "ftp://example.gov.cn/nb.pdf",
      /^无法读取：只能读取 http\(s\) 网址或本地文件：“ftp:\/\/example\.gov\.cn\/nb\.pdf”\n$/,
    ],
    [
      "an address that is no URL",
      () => "http://[::1/nb.html",
      /^无法读取：网址无效：“http:\/\/\[::1\/nb\.html”\n$/,
    ],
  ])("says what is wrong with %s, reading nothing", async (_what, input, message) => {
    const { io, err } = captureIo();
    const { read, seen } = readerOf(buildReport());
    expect(await runCheck([input()], io, { read })).toBe(1);
    expect(err.join("")).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it("adds the stack trace with --debug", async () => {
    const { io, err } = captureIo();
    expect(await runCheck([join(dir, "nope.html"), "--debug"], io)).toBe(1);
    expect(err.join("")).toContain("    at ");
  });

  it("exits 1 when the reader cannot open the document", async () => {
    const { io, err } = captureIo();
    const read = async () => {
      throw new Error("无法读取PDF文档：encrypted");
    };
    expect(await runCheck([file], io, { read })).toBe(1);
    expect(err.join("")).toBe("无法读取：无法读取PDF文档：encrypted\n");
  });
});

describe("check: output", () => {
  it("prints the DESIGN §5 JSON object", async () => {
    const { io, out } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(
      await runCheck([file, "--json", "--agency-type", "government", "--published", "2024-03-02"], io, {
        read,
      }),
    ).toBe(0);
    expect(seen[0]?.agencyType).toBe("government");
    const json = JSON.parse(out.join(""));
    expect(Object.keys(json)).toEqual(["document", "sections", "tables", "findings"]);
    expect(json.document).toEqual({
      kind: "annual-report",
      year: 2023,
      format: "2021",
      title: "某某市统计局2023年政府信息公开工作年度报告",
      agency: "某某市统计局",
      agencyType: "government",
      publishedAt: "2024-03-02",
      encoding: "gb18030",
    });
    expect(json.sections).toEqual({
      overview: true,
      proactive: true,
      requests: true,
      review: true,
      problems: false,
      other: true,
    });
    expect(json.tables.review.review.total).toBe(999);
    expect(typeof json.tables.requests.newReceived.total).toBe("number");
    expect(json.tables.proactive.licensing).toEqual({ decisions: expect.any(Number) });
    const rules = json.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        "section-missing",
        "table-arithmetic",
        "accountability-missing",
        "text-table-mismatch",
      ]),
    );
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual(["rule", "severity", "message", "evidence"]);
      expect(finding.evidence.snapshot).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("prints null for tables that are absent", async () => {
    const report = buildReport();
    report.tables = { proactive: null, requests: null, review: null };
    const { io, out } = captureIo();
    await runCheck([file, "--json"], io, readerOf(report));
    expect(JSON.parse(out.join("")).tables).toEqual({ proactive: null, requests: null, review: null });
  });

  it("groups findings by severity in Chinese, coloured only on a terminal", async () => {
    const plain = captureIo(false);
    await runCheck([file, "--published", "2024-02-05"], plain.io, readerOf(brokenReport()));
    const text = plain.out.join("");
    expect(text).not.toContain("\u001b[");
    const errors = text.indexOf("错误（");
    const warnings = text.indexOf("警告（");
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(text).toContain("晚于《条例》（2019年修订）第四十九条规定");
    expect(text).toContain("表四“行政复议”");
    const tty = captureIo(true);
    await runCheck([file], tty.io, readerOf(brokenReport()));
    expect(tty.out.join("")).toContain("\u001b[31m");
  });

  it("gives the reader the file's name, a draft's title when it shows none (a report printed as images)", async () => {
    const { io } = captureIo();
    const { read, seen } = readerOf(buildReport());
    await runCheck([file], io, { read });
    expect(seen[0]?.linkText).toBe("report.txt");
  });

  it("says so when nothing was found", async () => {
    const { io, out } = captureIo();
    expect(await runCheck([file], io, readerOf(buildReport()))).toBe(0);
    expect(out.join("")).toContain("未发现问题。");
  });
});

describe("check: URL input", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/report.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end("<html><body>报告</body></html>");
      } else if (req.url === "/t20240115_2517736.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          '<html><body><p>一、总体情况</p><script>createPageHTML(2, 0, "t20240115_2517736", "html");</script></body></html>',
        );
      } else if (req.url === "/t20240115_2517736_1.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end("<html><head><title>2</title></head><body><p>六、其他需要报告的事项</p></body></html>");
      } else if (req.url === "/gated.html") {
        // A cookie check, then the page: read as the crawler reads it, with its declared user agent.
        if (
          req.headers.cookie === "gate=ok" &&
          req.headers["user-agent"]?.includes("gov-disclosure-monitor")
        ) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end("<html><body>报告</body></html>");
        } else {
          res.writeHead(302, { location: "/gated.html", "set-cookie": "gate=ok; Path=/" });
          res.end();
        }
      } else if (req.url === "/gone.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          "<html><head><title>页面不存在</title></head><body><p>您访问的页面不存在或已被删除</p></body></html>",
        );
      } else if (req.url?.startsWith("/book/files/basic-html/page")) {
        // A flipbook's text version, two pages long, each page linking the next.
        const n = Number(/page(\d+)/.exec(req.url)?.[1]);
        res.writeHead(n <= 2 ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<html><head><title>P. ${n}</title></head><body>${n < 2 ? `<a href="./page${n + 1}.html">下一页</a>` : ""}<p>第${n}页正文</p></body></html>`,
        );
      } else if (req.url === "/empty.pdf") {
        res.writeHead(200, { "content-type": "application/pdf" });
        res.end();
      } else if (req.url === "/stub.html") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<html><head><meta http-equiv="refresh" content="0;url=/report.html"></head></html>');
      } else if (req.url === "/loop.html") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<script>location.replace("/loop.html?again")</script>');
      } else if (req.url === "/loop.html?again") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<script>location.replace("/loop.html")</script>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetches the page and passes URL and content type to the reader", async () => {
    const { io, out } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(await runCheck([`${base}/report.html`, "--json"], io, { read })).toBe(0);
    expect(seen[0]).toMatchObject({ url: `${base}/report.html`, contentType: "text/html; charset=utf-8" });
    expect(new TextDecoder().decode(seen[0]?.bytes)).toContain("报告");
    expect(JSON.parse(out.join("")).findings[0].evidence.url).toBe(`${base}/report.html`);
  });

  it("reads a page behind a cookie check, as the crawler does", async () => {
    const { io } = captureIo();
    const { read, seen } = readerOf(buildReport());
    expect(await runCheck([`${base}/gated.html`], io, { read })).toBe(0);
    expect(seen[0]?.url).toBe(`${base}/gated.html`);
  });

  it("follows a page that redirects by itself, as a browser would, and reads where it leads", async () => {
    const { io, out } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(await runCheck([`${base}/stub.html`, "--json"], io, { read })).toBe(0);
    expect(seen[0]?.url).toBe(`${base}/report.html`);
    expect(new TextDecoder().decode(seen[0]?.bytes)).toContain("报告");
    expect(JSON.parse(out.join("")).findings[0].evidence.url).toBe(`${base}/report.html`);
  });

  it("stops following in-page redirects after three and reads the last page", async () => {
    const { io } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(await runCheck([`${base}/loop.html`], io, { read })).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${base}/loop.html?again`);
  });

  it("reads a flipbook's text version from its first page to its last, whichever page is given", async () => {
    const { io } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(await runCheck([`${base}/book/files/basic-html/page2.html`], io, { read })).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${base}/book/files/basic-html/page1.html`);
    const text = new TextDecoder().decode(seen[0]?.bytes);
    expect(text.indexOf("第1页正文")).toBeGreaterThanOrEqual(0);
    expect(text.indexOf("第2页正文")).toBeGreaterThan(text.indexOf("第1页正文"));
  });

  it("reads a report the site splits over pages as one document", async () => {
    const { io } = captureIo();
    const { read, seen } = readerOf(brokenReport());
    expect(await runCheck([`${base}/t20240115_2517736.html`], io, { read })).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${base}/t20240115_2517736.html`);
    const text = new TextDecoder().decode(seen[0]?.bytes);
    expect(text).toContain("一、总体情况");
    expect(text).toContain("六、其他需要报告的事项");
  });

  it("exits 1 on the site's page-not-found page answered with 200, saying so", async () => {
    const { io, err } = captureIo();
    const { read, seen } = readerOf(buildReport());
    expect(await runCheck([`${base}/gone.html`], io, { read })).toBe(1);
    expect(err.join("")).toBe(
      `无法读取：无法获取“${base}/gone.html”：网站返回的是“页面不存在”的提示页（soft 404）\n`,
    );
    expect(seen).toHaveLength(0);
  });

  it("exits 1 on an empty answer, reading nothing", async () => {
    const { io, err } = captureIo();
    const { read, seen } = readerOf(buildReport());
    expect(await runCheck([`${base}/empty.pdf`], io, { read })).toBe(1);
    expect(err.join("")).toBe(`无法读取：“${base}/empty.pdf”返回的内容是空的\n`);
    expect(seen).toHaveLength(0);
  });

  it("exits 1 on an HTTP error", async () => {
    const { io, err } = captureIo();
    expect(await runCheck([`${base}/missing.html`], io, readerOf(buildReport()))).toBe(1);
    expect(err.join("")).toBe(`无法读取：无法获取“${base}/missing.html”：HTTP 404\n`);
  });
});
