// The raw bytes behind a bureau's reports (content-addressed snapshots), kept only when something will
// refer to them: a stored report version, its findings, or the crawler's record of the URL.
import type { BureauCrawl, CandidateDocument } from "../domain/crawl.ts";
import type { ProcessDeps } from "./process-bureau.ts";

/**
 * The raw bytes of the documents fetched anew (their snapshot key is their sha256), before anything that
 * refers to them is written; unchanged documents' snapshots are stored already.
 */
export async function storeSnapshots(docs: readonly CandidateDocument[], deps: ProcessDeps): Promise<void> {
  for (const doc of docs) {
    if (doc.unchanged || !doc.bytes) continue;
    deps.signal?.throwIfAborted();
    await deps.snapshots.put(doc.bytes, doc.contentType ?? "application/octet-stream");
  }
}

/**
 * For documents whose new bytes read as the stored version does: the crawler's record of each URL keeps
 * the sha256 of its stored snapshot instead of the new bytes', so what it names is always stored (an
 * unchanged page is later read from it) and a page that re-renders its furniture on every visit adds no
 * snapshot per cycle. Only possible while the crawl's validators are still to be written (deferred).
 */
export function keepPreviousSnapshots(docs: readonly CandidateDocument[], crawl: BureauCrawl): boolean {
  const pending = crawl.pendingUrlStates;
  if (!pending) return false;
  const fresh = docs.filter((doc) => !doc.unchanged && doc.bytes);
  if (fresh.some((doc) => doc.previousSha256 === undefined)) return false;
  for (const doc of fresh) {
    const state = pending.find((s) => s.url === doc.url);
    // An article assembled from several pages is stored under its own hash, not its first page's.
    if (state?.documentSha256 !== undefined) state.documentSha256 = doc.previousSha256;
    else if (state) state.sha256 = doc.previousSha256;
  }
  return true;
}
