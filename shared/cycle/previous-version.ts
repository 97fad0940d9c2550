// Which stored version a report read now is compared with (report-modified, "same content").
import type { CandidateDocument, CrawlStateStore } from "../domain/crawl.ts";
import type { ReportVersion } from "../store/repository.ts";

/**
 * The version this URL showed last time: the one with the bytes the crawler saw there (a report edited
 * and then reverted shows an older version again), else the newest stored for that URL.
 */
export function lastSeen(
  stored: ReportVersion[],
  doc: CandidateDocument,
  year: number,
): ReportVersion | undefined {
  const seenBefore = doc.previousSha256;
  const same = stored.filter((v) => v.url === doc.url && v.year === year);
  return (seenBefore && same.find((v) => v.sha256 === seenBefore)) || same.at(-1);
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
    const atUrl = left.filter((v) => v.url === url);
    const version = atUrl.find((v) => v.sha256 === record?.sha256) ?? atUrl.at(-1);
    const at = record?.checkedAt ?? "";
    if (version && (!latest || at > latest.at)) latest = { version, at };
  }
  return latest?.version;
}
