// One report document: fetched (conditionally), followed through a stub's in-page redirect, looked at
// for attachments (fetched in turn) and for a page that shows no text, its validators saved or held.
import type { CandidateDocument, UrlState } from "../domain/crawl.ts";
import { decodeBytes } from "../text/decode.ts";
import { showsNoText } from "./blank-page.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "./client-redirect.ts";
import type { CrawlLimits } from "./crawl-bureau.ts";
import type { CrawlSession } from "./crawl-session.ts";
import { type DiscoveredReport, findAttachments, isAttachmentUrl, mayLinkAttachments } from "./discover.ts";
import type { FetchResponse } from "./fetcher.ts";

const HTML_TYPE = /html|xml|text\/plain/i;

function looksLikeHtml(response: FetchResponse): boolean {
  if (response.contentType) return HTML_TYPE.test(response.contentType);
  const head = new TextDecoder("latin1").decode(response.bytes.subarray(0, 512)).trimStart();
  return head.startsWith("<");
}

export async function fetchDocument(
  session: CrawlSession,
  report: DiscoveredReport,
  kind: "report" | "attachment",
  limits: Required<CrawlLimits>,
  hops = 0,
): Promise<CandidateDocument | undefined> {
  const { state } = session.deps;
  const previous = await state.getUrlState(report.url);
  const isFile = isAttachmentUrl(report.url);
  const response = await session.fetch(report.url, kind, {
    kind: isFile || kind === "attachment" ? "document" : "page",
    ...(previous?.etag ? { etag: previous.etag } : {}),
    ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
  });
  if (!response) return undefined;
  const unchanged =
    response.notModified || (previous?.sha256 !== undefined && previous.sha256 === response.sha256);
  const isPage = !response.notModified && kind === "report" && looksLikeHtml(response);
  const target = isPage ? clientRedirectTarget(response.bytes, response.finalUrl) : undefined;
  if (target !== undefined) {
    // A stub in front of the report: the report is where it leads (found under that URL).
    await session.clientRedirect(report.url, target, previous);
    if (hops < MAX_CLIENT_REDIRECTS)
      return fetchDocument(session, { ...report, url: target }, kind, limits, hops + 1);
    session.error(`${kind} ${report.url}: more than ${MAX_CLIENT_REDIRECTS} redirects in the page`);
    return undefined;
  }
  let attachmentUrls = previous?.attachments ?? [];
  // Decoded at most once, and only if looked at.
  let text: string | undefined;
  const pageText = () => (text ??= decodeBytes(response.bytes, response.contentType).text);
  if (isPage) {
    // Most report pages link no file at all: a look at the raw bytes spares decoding and parsing them.
    attachmentUrls = mayLinkAttachments(response.bytes, response.finalUrl, response.contentType)
      ? findAttachments(pageText(), response.finalUrl, session.isAllowedHost, limits.maxAttachmentsPerReport)
          .map((link) => link.url)
          .filter((url) => url !== report.url)
      : [];
  }
  if (isPage && attachmentUrls.length === 0 && showsNoText(response.bytes.length, pageText)) {
    // Not kept as seen (no validators): the next cycle fetches it whole and looks again.
    session.error(
      `${kind} ${report.url} shows no text (a challenge, error or images-only page?): not judged this cycle`,
    );
    return undefined;
  }
  const sha256 = response.sha256 ?? previous?.sha256 ?? "";
  const next: UrlState = {
    url: report.url,
    checkedAt: session.at(),
    ...(response.etag ? { etag: response.etag } : previous?.etag ? { etag: previous.etag } : {}),
    ...(response.lastModified
      ? { lastModified: response.lastModified }
      : previous?.lastModified
        ? { lastModified: previous.lastModified }
        : {}),
    ...(sha256 ? { sha256 } : {}),
    ...(attachmentUrls.length > 0 ? { attachments: attachmentUrls } : {}),
  };
  const changed =
    !previous ||
    previous.etag !== next.etag ||
    previous.lastModified !== next.lastModified ||
    previous.sha256 !== next.sha256 ||
    (previous.attachments ?? []).join("\n") !== attachmentUrls.join("\n");
  // Unchanged documents cause no writes, so a re-crawl of a quiet site leaves the store as it was.
  if (changed) await session.saveUrlState(next);
  const attachments: CandidateDocument[] = [];
  for (const url of attachmentUrls) {
    const doc = await fetchDocument(
      session,
      { url, linkText: report.linkText, ...(report.yearHint ? { yearHint: report.yearHint } : {}) },
      "attachment",
      limits,
    );
    if (doc) attachments.push(doc);
  }
  return {
    url: report.url,
    finalUrl: response.finalUrl,
    ...(report.linkText ? { linkText: report.linkText } : {}),
    ...(report.yearHint ? { yearHint: report.yearHint } : {}),
    ...(response.contentType ? { contentType: response.contentType } : {}),
    ...(unchanged ? {} : { bytes: response.bytes }),
    sha256,
    ...(previous?.sha256 ? { previousSha256: previous.sha256 } : {}),
    fetchedAt: session.at(),
    unchanged,
    attachments,
  };
}
