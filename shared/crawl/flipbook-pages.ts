// A report published as a flipbook (FlipBuilder and its kin; SPEC §5.4 #24, 文登区信访局 2022): the
// viewer is script, but each page of the PDF also has a plain HTML page with its text,
// …/files/basic-html/page1.html, page2.html … (titled "P. 8"), each linking the next. Read alone, one
// such page would lack most of the report's sections and be reported for it, so the book is read from
// its first page to its last as one document, as a report split over pages is (article-pages.ts).

/** A flipbook of more pages than this is read up to here (a bound for a site that links on for ever). */
export const MAX_FLIPBOOK_PAGES = 80;

const PAGE = /^(.*\/basic-html\/page)(\d{1,4})(\.s?html?)$/i;
const BOOK_DIRECTORY = /basic-html\/page/i;
/** A viewer's page is small; the report's text is in the book's pages. */
const VIEWER_MAX_BYTES = 64 * 1024;
const FIRST_PAGE_LINK = /["'=/]((?:[^"'\s<>=]*\/)?basic-html\/page1\.s?html?)["'\s>]/i;

export interface FlipbookPage {
  number: number;
  /** The URL of page `n` of the same book. */
  page(n: number): string;
}

/** The book page at `url`, if it is one (…/basic-html/page<n>.html, query and fragment aside). */
export function flipbookPage(url: string): FlipbookPage | undefined {
  // Every report page is asked: most are passed over without parsing their URL.
  if (!BOOK_DIRECTORY.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = PAGE.exec(parsed.pathname);
  if (!match) return undefined;
  const [, stem, number, ext] = match as unknown as [string, string, string, string];
  return {
    number: Number(number),
    page: (n) => `${parsed.origin}${stem}${n}${ext}`,
  };
}

/** Page 1 of the book `url` is a page of, when it is one of a later page (the report starts there). */
export function flipbookStart(url: string): string | undefined {
  const page = flipbookPage(url);
  return page && page.number !== 1 ? page.page(1) : undefined;
}

/** The page after page `n` of `book`, when page n (its bytes) links it: the book goes on to there. */
export function nextFlipbookPage(book: FlipbookPage, n: number, bytes: Uint8Array): string | undefined {
  return linksFlipbookPage(bytes, n + 1) ? book.page(n + 1) : undefined;
}

/** Whether a book page's bytes link page `n` (…page7.html as an href's end, any base). */
export function linksFlipbookPage(bytes: Uint8Array, n: number): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const needle = `page${n}.htm`;
  for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + needle.length)) {
    const before = buffer[at - 1];
    // "/page7.htm", "'page7.htm", "\"page7.htm", "=page7.htm": not "frontpage17.htm".
    if (before === 0x2f || before === 0x22 || before === 0x27 || before === 0x3d) return true;
  }
  return false;
}

/**
 * The text version's first page, when this small page is a flipbook's viewer that links it (its
 * "basic HTML" link for readers without script): where the report is to be read.
 */
export function flipbookBehindViewer(bytes: Uint8Array, pageUrl: string): string | undefined {
  if (bytes.byteLength > VIEWER_MAX_BYTES) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf("basic-html/page1.htm") < 0) return undefined;
  const href = FIRST_PAGE_LINK.exec(buffer.toString("latin1"))?.[1];
  if (!href) return undefined;
  try {
    const target = new URL(href, pageUrl);
    return flipbookPage(target.href)?.number === 1 && target.href !== pageUrl ? target.href : undefined;
  } catch {
    return undefined;
  }
}
