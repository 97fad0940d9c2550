// The pages tests read the way a crawler meets them: every file of the sample sites, and the seeds.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import { buildSampleSites, type SiteFile } from "../../infra/local/sites/server.ts";
import { decodeBytes } from "../../shared/text/decode.ts";

/** Every file the sample sites serve, with its URL. */
export function sampleSiteFiles(): { url: string; file: SiteFile }[] {
  return Object.entries(buildSampleSites()).flatMap(([host, files]) =>
    Object.entries(files).map(([filePath, file]) => ({ url: `http://${host}${filePath}`, file })),
  );
}

/** The sample sites' HTML pages, decoded, and the five seeds (../shared/seeds). */
export function sampleHtmlPages(): { url: string; html: string }[] {
  const pages = sampleSiteFiles()
    .filter(({ file }) => /html|xml/.test(file.contentType))
    .map(({ url, file }) => ({ url, html: decodeBytes(file.body, file.contentType).text }));
  const seeds = path.resolve(import.meta.dirname, "../../../shared/seeds");
  for (const name of readdirSync(seeds).filter((n) => n.endsWith(".txt"))) {
    pages.push({ url: `http://seed.gov.cn/${name}`, html: readFileSync(path.join(seeds, name), "utf8") });
  }
  return pages;
}

/** A bureau's first annual report published as an HTML page that breaks no rule: the one tests edit. */
export function cleanHtmlReport(bureauId: string) {
  const truth = SAMPLE_GROUND_TRUTH.bureaus.find((b) => b.bureauId === bureauId);
  const report = truth?.documents.find(
    (d) => d.kind === "annual-report" && d.render === "html" && d.findings.length === 0,
  );
  if (!report) throw new Error(`the sample bureau ${bureauId} has no clean HTML report`);
  return report;
}
