// The HTML the e-mails share: escaping, and a page that needs nothing from outside (mail clients block
// remote content) and reads on a phone (long addresses wrap instead of pushing the page sideways).

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link when `url` is an http(s) address, else the escaped text. */
export function linkOrText(url: string, text: string = url): string {
  return /^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** A whole document around `body` (already HTML), titled with the subject. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>',
    escapeHtml(title),
    "</title></head><body>",
    body,
    "</body></html>",
  ].join("\n");
}

export const FOOTER = "此邮件由政府信息公开工作年度报告监测系统自动发送，请勿直接回复。";
