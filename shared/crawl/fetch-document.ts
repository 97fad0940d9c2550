// One report document: fetched (conditionally), followed through a stub's in-page redirect, looked at
// for attachments (fetched in turn) and for a page that shows no text, its validators saved or held.
import type { CandidateDocument, UrlState } from "../domain/crawl.ts";
import { decodeBytes } from "../text/decode.ts";
import { ASSEMBLED_TYPE, articleContinuations } from "./article-pages.ts";
import { findAttachments, isAttachmentUrl, mayLinkAttachments } from "./attachments.ts";
import { showsNoText } from "./blank-page.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "./client-redirect.ts";
import type { CrawlLimits } from "./crawl-bureau.ts";
import type { CrawlSession } from "./crawl-session.ts";
import type { DiscoveredReport } from "./discover.ts";
import { type FetchedArticle, fetchArticle, type NextPage } from "./fetch-article.ts";
import type { FetchResponse } from "./fetcher.ts";
import {
  type FlipbookPage,
  flipbookBehindViewer,
  flipbookPage,
  flipbookStart,
  MAX_FLIPBOOK_PAGES,
  nextFlipbookPage,
} from "./flipbook-pages.ts";
import { queryEncodingFor } from "./link-resolve.ts";
import { reportPageNotFound } from "./not-found-page.ts";
import { conditionsOf, sameValidators, validatorsOf } from "./url-validators.ts";

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
  /** The page that links it, sent as Referer as a browser sends it (file servers that refuse hotlinks). */
  referer = report.from,
): Promise<CandidateDocument | undefined> {
  const { state } = session.deps;
  // A later page of a flipbook's text version: the report starts on its first page.
  const bookStart = kind === "report" ? flipbookStart(report.url) : undefined;
  if (bookStart) report = { ...report, url: bookStart };
  const previous = await state.getUrlState(report.url);
  const isFile = isAttachmentUrl(report.url);
  const response = await session.fetchDocument(report.url, kind, {
    kind: isFile || kind === "attachment" ? "document" : "page",
    ...conditionsOf(previous),
    ...(referer ? { referer } : {}),
  });
  if (!response) return undefined;
  // A page that was an article's first page is unchanged only as the whole article (below).
  const unchangedPage =
    response.notModified || (previous?.sha256 !== undefined && previous.sha256 === response.sha256);
  const isPage = !response.notModified && kind === "report" && looksLikeHtml(response);
  const target = isPage
    ? (clientRedirectTarget(response.bytes, response.finalUrl, response.refresh, response.contentType) ??
      flipbookBehindViewer(response.bytes, response.finalUrl))
    : undefined;
  if (target !== undefined) {
    // A stub in front of the report: the report is where it leads (found under that URL).
    await session.clientRedirect(report.url, target, previous);
    if (hops < MAX_CLIENT_REDIRECTS)
      return fetchDocument(session, { ...report, url: target }, kind, limits, hops + 1, referer);
    session.error(`${kind} ${report.url}: more than ${MAX_CLIENT_REDIRECTS} redirects in the page`);
    return undefined;
  }
  let attachmentUrls = previous?.attachments ?? [];
  // Decoded at most once, and only if looked at.
  let decoded: ReturnType<typeof decodeBytes> | undefined;
  const decode = () => {
    decoded ??= decodeBytes(response.bytes, response.contentType);
    return decoded;
  };
  const pageText = () => decode().text;
  if (isPage) {
    // Most report pages link no file at all: a look at the raw bytes spares decoding and parsing them.
    attachmentUrls = mayLinkAttachments(response.bytes, response.finalUrl, response.contentType)
      ? findAttachments(
          pageText(),
          response.finalUrl,
          session.isAllowedHost,
          limits.maxAttachmentsPerReport,
          queryEncodingFor(decode().decision.encoding),
        )
          .map((link) => link.url)
          .filter((url) => url !== report.url)
      : [];
  }
  if (
    isPage &&
    attachmentUrls.length === 0 &&
    reportPageNotFound(response.bytes, response.contentType, pageText)
  ) {
    // Gone, as a 404 would say: a dead link, not kept as seen (the next cycle looks again).
    session.softNotFound(report.url, kind);
    return undefined;
  }
  const book = kind === "report" ? flipbookPage(response.finalUrl) : undefined;
  // A book's cover page may show no text (a picture): the book is judged whole, by the reader.
  if (isPage && !book && attachmentUrls.length === 0 && showsNoText(response.bytes.length, pageText)) {
    // Not kept as seen (no validators): the next cycle fetches it whole and looks again.
    session.error(
      `${kind} ${report.url} shows no text (a challenge, error or images-only page?): not judged this cycle`,
    );
    return undefined;
  }
  const listed =
    kind !== "report" || book
      ? []
      : isPage
        ? articleContinuations(response.bytes, response.finalUrl)
        : response.notModified
          ? (previous?.continuations ?? [])
          : [];
  // A book is read from its first page on; a book of one page is a page.
  const nextOfBook = book?.number === 1 ? nextBookPage(book, previous?.continuations ?? []) : undefined;
  const walksBook = nextOfBook !== undefined && nextOfBook(report.url, response, 1) !== undefined;
  let article: FetchedArticle | undefined;
  if (listed.length > 0 || walksBook) {
    article = nextOfBook
      ? await fetchArticle(session, report.url, response, previous, nextOfBook, MAX_FLIPBOOK_PAGES)
      : await fetchArticle(session, report.url, response, previous, listed);
    // Half an article is not read; nothing of it is kept, so the next cycle fetches it whole.
    if (!article) return undefined;
  }
  const continuations = article?.continuations ?? [];
  const unchanged = article ? article.unchanged : unchangedPage && !previous?.continuations?.length;
  const next: UrlState = {
    ...validatorsOf(report.url, session.at(), response, previous),
    ...(attachmentUrls.length > 0 ? { attachments: attachmentUrls } : {}),
    ...(article ? { continuations, documentSha256: article.sha256 } : {}),
  };
  const sha256 = next.sha256 ?? "";
  const changed =
    !previous ||
    !sameValidators(previous, next) ||
    (previous.attachments ?? []).join("\n") !== attachmentUrls.join("\n") ||
    (previous.continuations ?? []).join("\n") !== continuations.join("\n") ||
    previous.documentSha256 !== next.documentSha256;
  // Unchanged documents cause no writes, so a re-crawl of a quiet site leaves the store as it was.
  if (changed) await session.saveUrlState(next);
  for (const page of article?.states ?? []) await session.saveUrlState(page);
  // The key of what was stored last time: the assembled article, or the page.
  const previousSnapshot = previous?.documentSha256 ?? previous?.sha256;
  const attachments: CandidateDocument[] = [];
  for (const url of attachmentUrls) {
    const doc = await fetchDocument(
      session,
      { url, linkText: report.linkText, ...(report.yearHint ? { yearHint: report.yearHint } : {}) },
      "attachment",
      limits,
      0,
      response.finalUrl,
    );
    if (doc) attachments.push(doc);
  }
  return {
    url: report.url,
    finalUrl: response.finalUrl,
    ...(report.linkText ? { linkText: report.linkText } : {}),
    ...(report.yearHint ? { yearHint: report.yearHint } : {}),
    ...(article
      ? { contentType: ASSEMBLED_TYPE }
      : response.contentType
        ? { contentType: response.contentType }
        : {}),
    ...(unchanged ? {} : { bytes: article?.bytes ?? response.bytes }),
    sha256: article?.sha256 ?? sha256,
    ...(previousSnapshot ? { previousSha256: previousSnapshot } : {}),
    fetchedAt: session.at(),
    unchanged,
    attachments,
  };
}

/**
 * A book's next page: the one its page links, or, for a page unchanged since last time (answered 304,
 * so without bytes), the one that followed it then.
 */
function nextBookPage(book: FlipbookPage, lastWalk: readonly string[]): NextPage {
  return (_url, response, index) => {
    const next = book.page(index + 1);
    if (response.notModified) return lastWalk[index - 1] === next ? next : undefined;
    return nextFlipbookPage(book, index, response.bytes);
  };
}
