// Reading the `check` input: a local file, or a URL fetched with a timeout and a size limit, following
// HTTP redirects and, as a browser would, a page that redirects by itself (meta refresh, a stub's script).
import { readFile } from "node:fs/promises";
import { ASSEMBLED_TYPE, articleContinuations, assembleArticle } from "../crawl/article-pages.ts";
import { clientRedirectTarget, MAX_CLIENT_REDIRECTS } from "../crawl/client-redirect.ts";

export interface FetchedInput {
  bytes: Uint8Array;
  contentType?: string;
  /** The final URL after redirects. */
  url: string;
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

export const fetchWithLimits: FetchInput = async (url) => {
  let fetched = await fetchOnce(url);
  for (let hops = 0; hops < MAX_CLIENT_REDIRECTS; hops++) {
    const target = isHtml(fetched) ? clientRedirectTarget(fetched.bytes, fetched.url) : undefined;
    if (target === undefined) break;
    fetched = await fetchOnce(target);
  }
  // A report the site splits over pages is read whole, as the crawler reads it (crawl/article-pages.ts).
  const continuations = isHtml(fetched) ? articleContinuations(fetched.bytes, fetched.url) : [];
  if (continuations.length === 0) return fetched;
  const pages = [fetched];
  for (const next of continuations) pages.push(await fetchOnce(next));
  const { bytes } = assembleArticle(
    pages.map((p) => ({ bytes: p.bytes, ...(p.contentType ? { contentType: p.contentType } : {}) })),
  );
  return { bytes, contentType: ASSEMBLED_TYPE, url: fetched.url };
};

async function fetchOnce(url: string): Promise<FetchedInput> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (cause) {
    const reason = cause instanceof Error && cause.name === "TimeoutError" ? "请求超时" : "连接失败";
    throw new InputReadError(`无法获取“${url}”：${reason}`, { cause, retryable: true });
  }
  if (!response.ok) {
    throw new InputReadError(`无法获取“${url}”：HTTP ${response.status}`, {
      retryable: response.status >= 500,
    });
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_INPUT_BYTES) throw new InputReadError(`“${url}”的内容超过 ${MAX_INPUT_BYTES} 字节上限`);
  const bytes = await readLimited(response, url);
  const contentType = response.headers.get("content-type") ?? undefined;
  return { bytes, url: response.url || url, ...(contentType ? { contentType } : {}) };
}

async function readLimited(response: Response, url: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_INPUT_BYTES) {
        await reader.cancel();
        throw new InputReadError(`“${url}”的内容超过 ${MAX_INPUT_BYTES} 字节上限`);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof InputReadError) throw cause;
    throw new InputReadError(`读取“${url}”的内容时中断`, { cause, retryable: true });
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
