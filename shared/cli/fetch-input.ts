// Reading the `check` input: a local file, or a URL fetched with a timeout and a size limit, following
// HTTP redirects and, as a browser would, a page that redirects by itself (meta refresh, a stub's script).
import { readFile } from "node:fs/promises";
import { ASSEMBLED_TYPE, articleContinuations, assembleArticle } from "../crawl/article-pages.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "../crawl/client-redirect.ts";
import { FetchError } from "../crawl/errors.ts";
import { createFetcher, type Fetcher } from "../crawl/fetcher.ts";
import {
  flipbookBehindViewer,
  flipbookPage,
  flipbookStart,
  MAX_FLIPBOOK_PAGES,
  nextFlipbookPage,
} from "../crawl/flipbook-pages.ts";
import { reportPageNotFound } from "../crawl/not-found-page.ts";
import { decodeBytes } from "../text/decode.ts";

export interface FetchedInput {
  bytes: Uint8Array;
  contentType?: string;
  /** The final URL after redirects. */
  url: string;
  /** An HTTP Refresh header, followed as a meta refresh is. */
  refresh?: string;
}

export type FetchInput = (url: string) => Promise<FetchedInput>;

/** The input could not be read: a missing file, a refused connection, an HTTP error, a body too large. */
export class InputReadError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = "InputReadError";
    this.retryable = options.retryable ?? false;
  }
}

export const FETCH_TIMEOUT_MS = 30_000;
/** DESIGN §7: PDFs up to 50 MB. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

export async function readLocalFile(path: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > MAX_INPUT_BYTES)
      throw new InputReadError(`文件“${path}”超过 ${MAX_INPUT_BYTES} 字节上限`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (cause) {
    if (cause instanceof InputReadError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "文件不存在"
        : code === "EISDIR"
          ? "这是一个目录"
          : code === "EACCES"
            ? "没有读取权限"
            : String((cause as Error).message);
    throw new InputReadError(`无法读取文件“${path}”：${reason}`, { cause });
  }
}

const isHtml = (input: FetchedInput) => !input.contentType || /html/i.test(input.contentType);

/** `check <url>` may be sent anywhere (it is the user's own request): every host is allowed. */
class AnyHost extends Set<string> {
  override has(): boolean {
    return true;
  }
}

/**
 * The crawler's own fetcher (crawl/fetcher.ts), so `check <url>` reads a site as the crawl reads it:
 * its declared user agent, cookies, lenient parsing, incomplete certificate chains, legacy TLS servers.
 * Not its politeness (one user request) nor its host rules: the user may check any address, their own
 * network's included.
 */
export const fetchWithLimits: FetchInput = async (url) => {
  const fetcher = createFetcher({
    allowPrivateNetwork: true,
    timeouts: { totalMs: FETCH_TIMEOUT_MS },
    maxBytes: { page: MAX_INPUT_BYTES, document: MAX_INPUT_BYTES },
  });
  try {
    const fetchOnce = (target: string) => fetchWith(fetcher, target);
    // A later page of a flipbook's text version: the report starts on its first page.
    let fetched = await fetchOnce(flipbookStart(url) ?? url);
    for (let hops = 0; hops < MAX_CLIENT_REDIRECTS; hops++) {
      const target = isHtml(fetched)
        ? (clientRedirectTarget(fetched.bytes, fetched.url, fetched.refresh, fetched.contentType) ??
          flipbookBehindViewer(fetched.bytes, fetched.url))
        : undefined;
      if (target === undefined) break;
      fetched = await fetchOnce(target);
    }
    // The site's "page not found" page, answered with 200: said so, as the crawler takes it (a dead link).
    if (
      isHtml(fetched) &&
      reportPageNotFound(
        fetched.bytes,
        fetched.contentType,
        () => decodeBytes(fetched.bytes, fetched.contentType).text,
      )
    )
      throw new InputReadError(`无法获取“${url}”：网站返回的是“页面不存在”的提示页（soft 404）`, {
        retryable: false,
      });
    // A report the site splits over pages, or a flipbook's, is read whole, as the crawler reads it
    // (crawl/article-pages.ts, crawl/flipbook-pages.ts).
    const book = flipbookPage(fetched.url);
    const pages = [fetched];
    if (book)
      for (
        let next = nextFlipbookPage(book, book.number, fetched.bytes);
        next !== undefined && pages.length < MAX_FLIPBOOK_PAGES;
        next = nextFlipbookPage(book, book.number + pages.length - 1, pages.at(-1)!.bytes)
      )
        pages.push(await fetchOnce(next));
    else if (isHtml(fetched))
      for (const next of articleContinuations(fetched.bytes, fetched.url)) pages.push(await fetchOnce(next));
    if (pages.length === 1) return fetched;
    const { bytes } = assembleArticle(
      pages.map((p) => ({ bytes: p.bytes, ...(p.contentType ? { contentType: p.contentType } : {}) })),
    );
    return { bytes, contentType: ASSEMBLED_TYPE, url: fetched.url };
  } finally {
    await fetcher.close();
  }
};

async function fetchWith(fetcher: Fetcher, url: string): Promise<FetchedInput> {
  try {
    const response = await fetcher.fetch({ url, allowedHosts: new AnyHost(), kind: "document" });
    return {
      bytes: response.bytes,
      url: response.finalUrl,
      ...(response.contentType ? { contentType: response.contentType } : {}),
      ...(response.refresh ? { refresh: response.refresh } : {}),
    };
  } catch (cause) {
    throw new InputReadError(readFailure(url, cause), {
      cause,
      retryable: cause instanceof FetchError && cause.retryable,
    });
  }
}

function readFailure(url: string, cause: unknown): string {
  if (!(cause instanceof FetchError)) return `无法获取“${url}”：连接失败`;
  switch (cause.kind) {
    case "http":
      return `无法获取“${url}”：HTTP ${cause.status}`;
    case "timeout":
      return `无法获取“${url}”：请求超时`;
    case "too-large":
      return `“${url}”的内容超过 ${MAX_INPUT_BYTES} 字节上限`;
    case "network":
      return `无法获取“${url}”：连接失败`;
    default:
      return `无法获取“${url}”：${cause.message}`;
  }
}
