// The alert e-mail as an office reads it: its HTML part, decoded from the sent MIME message the way a
// mail client decodes it, rendered by a real browser engine (headless Chromium, Debian's `chromium`,
// which .ci/run installs) at a narrow width. What counts is what shows: every fact in Chinese, a long
// report address wrapped instead of pushing the page sideways, nothing loaded from anywhere.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAlertEmail } from "../../shared/mail/index.ts";
import { decodeMime } from "./helpers/mime-decode.ts";

const CHROMIUM = [process.env.GDM_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
);
/** Headless Chromium's narrowest window: a phone held sideways, a narrow mail pane. */
const WIDTH = 500;

interface Rendered {
  text: string;
  scrollWidth: number;
  innerWidth: number;
  loads: string[];
  links: string[];
}

/** Appended to the e-mail's own HTML: reports what the reader sees once the page has laid out. */
const PROBE = `<script>
const loads = [...document.querySelectorAll("img,link,script:not(#gdm-probe),iframe,object,embed,video,audio,source")]
  .map((e) => e.outerHTML.slice(0, 120));
const result = {
  text: document.body.innerText,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  loads,
  links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
};
const pre = document.createElement("pre");
pre.id = "gdm-result";
pre.textContent = JSON.stringify(result);
document.body.append(pre);
</script>`.replace("<script>", '<script id="gdm-probe">');

async function render(html: string, dir: string): Promise<Rendered> {
  const file = path.join(dir, "alert.html");
  await writeFile(file, html.replace(/<\/body>/i, `${PROBE}</body>`), "utf8");
  const { stdout } = await promisify(execFile)(
    CHROMIUM!,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      `--window-size=${WIDTH},900`,
      "--dump-dom",
      `file://${file}`,
    ],
    { timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
  );
  const match = /<pre id="gdm-result">([\s\S]*?)<\/pre>/.exec(stdout);
  if (!match?.[1]) throw new Error(`no probe result in Chromium's DOM:\n${stdout.slice(0, 500)}`);
  const json = match[1]
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
  return JSON.parse(json) as Rendered;
}

describe.skipIf(!CHROMIUM)("the alert e-mail in a browser engine", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gdm-mail-render-"));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows every fact in Chinese, wraps a long report address, and loads nothing", async () => {
    const reportUrl =
      "http://www.xiangyang.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240115_3021877_shijutongjijuzhengfuxinxigongkaigongzuoniandubaogao.shtml";
    const email = renderAlertEmail({
      office: { id: "xy-zwgk", name: "襄阳市政务公开办公室", emails: ["zwgk@example.gov.cn"] },
      bureau: { id: "xy-sjj", name: "襄阳市审计局" },
      finding: {
        rule: "table-arithmetic",
        severity: "error",
        message: "第三部分表格“本年新收政府信息公开申请数量”的总计（125）不等于各列之和（120）",
        evidence: { relation: "row-total", expected: 120, actual: 125, url: reportUrl },
        key: "requests.newReceived.total",
        year: 2023,
      },
      reportUrl,
      date: new Date("2024-02-06T00:00:00Z"),
    });
    // What was sent, decoded as a mail client does: the HTML alternative.
    const sent = decodeMime(email.raw);
    const htmlPart = sent.parts.find((p) => (p.headers.get("content-type") ?? "").startsWith("text/html"));
    expect(htmlPart, "an HTML alternative").toBeDefined();

    const seen = await render(htmlPart!.body, dir);
    for (const fact of [
      "襄阳市政务公开办公室",
      "襄阳市审计局",
      "2023",
      "本年新收政府信息公开申请数量",
      "125",
      "120",
      "此邮件由政府信息公开工作年度报告监测系统自动发送",
    ]) {
      expect(seen.text).toContain(fact);
    }
    expect(seen.text).not.toContain("\uFFFD");
    // The address is all there and clickable, but wrapped: the reader never scrolls sideways.
    expect(seen.text.replace(/\s+/g, "")).toContain(reportUrl);
    expect(seen.links).toEqual([reportUrl]);
    expect(
      seen.scrollWidth,
      `${seen.scrollWidth}px of content in a ${seen.innerWidth}px window`,
    ).toBeLessThanOrEqual(seen.innerWidth);
    // Mail clients block remote content; the alert needs none.
    expect(seen.loads).toEqual([]);
  }, 90_000);
});
