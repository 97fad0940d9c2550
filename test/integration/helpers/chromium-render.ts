// An e-mail's HTML as a reader sees it: rendered by headless Chromium (Debian's `chromium`, which .ci/run
// installs) at a narrow width, with a probe that reports the text shown, the page's width, the links and
// anything the page would load from elsewhere.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

export const CHROMIUM = [process.env.GDM_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
);
/** Headless Chromium's narrowest window: a phone held sideways, a narrow mail pane. */
export const WIDTH = 500;

export interface Rendered {
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

export async function render(html: string, dir: string, name = "mail.html"): Promise<Rendered> {
  const file = path.join(dir, name);
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
