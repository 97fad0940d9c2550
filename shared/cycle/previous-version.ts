// Which stored version a report read now is compared with (report-modified, "same content").
import type { CandidateDocument, CrawlStateStore } from "../domain/crawl.ts";
import type { ReportVersion } from "../store/repository.ts";

/**
 * The stored version `url` shows with the bytes `sha256` (a report edited and then reverted shows an
 * older version again), else the newest stored there; `year` narrows the versions looked at.
 */
export function versionShown(
  stored: readonly ReportVersion[],
  url: string,
  sha256: string | undefined,
  year?: number,
): ReportVersion | undefined {
  const atUrl = stored.filter((v) => v.url === url && (year === undefined || v.year === year));
  return (sha256 && atUrl.find((v) => v.sha256 === sha256)) || atUrl.at(-1);
}

/** The version this document's URL showed last time: the bytes the crawler saw there before this visit. */
export function lastSeen(
  stored: readonly ReportVersion[],
  doc: CandidateDocument,
  year: number,
): ReportVersion | undefined {
  return versionShown(stored, doc.url, doc.previousSha256, year);
}

/**
 * For a report new at its URL (it moved): what the year's annual report showed, last time, at an address
 * this crawl no longer reaches (the crawler's record of that URL names the bytes it saw there).
 */
export async function movedFrom(
  stored: ReportVersion[],
  year: number,
  crawledUrls: ReadonlySet<string>,
  crawlState: CrawlStateStore,
): Promise<ReportVersion | undefined> {
  const left = stored.filter(
    (v) => v.year === year && v.summary.kind === "annual-report" && !crawledUrls.has(v.url),
  );
  let latest: { version: ReportVersion; at: string } | undefined;
  for (const url of new Set(left.map((v) => v.url))) {
    const record = await crawlState.getUrlState(url);
    const version = versionShown(left, url, record?.sha256);
    const at = record?.checkedAt ?? "";
    if (version && (!latest || at > latest.at)) latest = { version, at };
  }
  return latest?.version;
}
