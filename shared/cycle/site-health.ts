// site-unreachable: an operational finding, kept apart from compliance findings (year 0, scope "crawl").

import { BOT_CHALLENGE } from "../crawl/bot-challenge.ts";
import { CERTIFICATE_NOT_ACCEPTED, MALFORMED_RESPONSE } from "../crawl/errors.ts";
import { USER_AGENT_TOKEN } from "../crawl/fetcher.ts";
import { ROBOTS_DISALLOWED } from "../crawl/robots.ts";
import type { BureauCrawl } from "../domain/crawl.ts";
import type { Finding } from "../domain/finding.ts";
import type { Bureau } from "../domain/registry.ts";
import { buildFinding } from "../rules/finding-builder.ts";

const MAX_ERRORS = 5;
/** Answers that mean "not you": the site is up and turns the crawler away. */
const REFUSALS = new Set([401, 403, 412]);

export function siteUnreachableFindings(bureau: Bureau, crawl: BureauCrawl): Finding[] {
  if (crawl.status !== "unreachable") return [];
  const lastErrors = crawl.errors.slice(-MAX_ERRORS);
  const first = lastErrors[0] ?? "无响应";
  // The site answered but its robots.txt forbids the column: say so, not "could not be reached".
  const forbidden = crawl.visited.some(
    (v) => v.kind === "listing" && v.outcome === "skipped-robots" && v.detail === ROBOTS_DISALLOWED,
  );
  // It answered with a certificate that does not verify: a fault of the site the office can pass on.
  const certificate = crawl.visited.some((v) => v.detail?.startsWith(CERTIFICATE_NOT_ACCEPTED) === true);
  // It answered, refusing us (a firewall's bot protection: 401/403, 412 or 521 with a script challenge).
  const refused = crawl.visited.find(
    (v) => v.kind === "listing" && (REFUSALS.has(v.status) || v.detail?.includes(BOT_CHALLENGE) === true),
  )?.status;
  // It answered, in a form no HTTP parser reads (a server's or proxy's misconfiguration).
  const malformed = crawl.visited.some((v) => v.detail?.startsWith(MALFORMED_RESPONSE) === true);
  const message = forbidden
    ? `${bureau.name}网站（${bureau.site}）的 robots.txt 不允许访问其年报栏目，本轮未能检查其年度报告。详情：${first}`
    : certificate
      ? `${bureau.name}网站（${bureau.site}）的安全证书无法通过验证（证书过期、自签名、证书链不完整或与域名不符），本轮未能检查其年度报告。详情：${first}`
      : refused !== undefined
        ? `${bureau.name}网站（${bureau.site}）拒绝了本系统的访问（HTTP ${refused}，多为防火墙或反爬虫设置所致），本轮未能检查其年度报告。可请网站管理者允许标识为“${USER_AGENT_TOKEN}”的访问。详情：${first}`
        : malformed
          ? `${bureau.name}网站（${bureau.site}）返回的内容不符合 HTTP 协议（多为服务器或代理配置有误），本轮未能检查其年度报告。可请网站管理者检查服务器配置。详情：${first}`
          : `${bureau.name}网站（${bureau.site}）本轮无法访问，未能检查其年度报告。最近的错误：${first}`;
  return [
    buildFinding(
      {
        rule: "site-unreachable",
        key: "site-unreachable",
        message,
        evidence: { url: bureau.site, listings: bureau.listings, lastErrors },
      },
      undefined,
      {},
    ),
  ];
}
