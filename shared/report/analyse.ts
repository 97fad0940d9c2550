// Extracted document in, ParsedReport out: normalise → sections → tables → metadata → classify.
// Pure and synchronous; readReport (read-report.ts) adds sniffing, decoding and extraction.
import { DOCUMENT_EXTENSION_PATTERN } from "../domain/document-files.ts";
import { SECTION_KEYS } from "../domain/keys.ts";
import type { ExtractedDocument, ParsedReport, ReadInput } from "../domain/report.ts";
import { normaliseLine } from "../text/normalise.ts";
import { classifyDocument, detectFormat, lookAlikeOfTitle } from "./classify.ts";
import { printedAsImages, showsNoHeadline } from "./images-only.ts";
import { detectLegacyTopics } from "./legacy-topics.ts";
import {
  agencyFromMeta,
  agencyFromText,
  agencyFromTitle,
  extractTitle,
  findPublicationEvidence,
  findYearEvidence,
  inferAgencyType,
  isFullYearPeriod,
  titleFromLink,
} from "./metadata.ts";
import { normaliseBlocks } from "./normalise-blocks.ts";
import { parseSectionTables } from "./section-tables.ts";
import { findSections } from "./sections.ts";

// Spreadsheets too: a stub page may name its report's tables as one, though they are not read.
const DOCUMENT_FILE = new RegExp(`\\.(?:${DOCUMENT_EXTENSION_PATTERN}|xlsx?|et)(?:[?#]|$)`, "i");
const MAX_ATTACHMENTS = 20;

/** Links to document files, as printed (a stub page's report is in one of them). */
function attachmentLinks(links: ExtractedDocument["links"]): string[] {
  const hrefs = (Array.isArray(links) ? links : [])
    .map((l) => (typeof l?.href === "string" ? l.href.trim() : ""))
    .filter((href) => href !== "" && DOCUMENT_FILE.test(href));
  return [...new Set(hrefs)].slice(0, MAX_ATTACHMENTS);
}

function uniqueDamage(list: ExtractedDocument["damage"]): ExtractedDocument["damage"] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.kind}\u0000${d.sample}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Analyse an extracted document (for callers that already hold one: tests, the OCR step). */
export function analyseDocument(doc: ExtractedDocument, input: Omit<ReadInput, "bytes"> = {}): ParsedReport {
  const { blocks, damage } = normaliseBlocks(doc.blocks);
  const lines = blocks.flatMap((b) => (b.kind === "text" ? [b.text] : []));
  const text = lines.join("\n");
  const split = findSections(blocks);
  const { tables, unknownLabels } = parseSectionTables(split);
  const grids = blocks.flatMap((b) => (b.kind === "table" ? [b.rows] : []));
  const attachments = attachmentLinks(doc.links);

  const pageMeta = Object.fromEntries(
    Object.entries(doc.pageMeta ?? {}).map(([k, v]) => [k, normaliseLine(String(v))]),
  );
  const ownTitle = extractTitle(doc.title ? normaliseLine(doc.title) : undefined, lines);
  const found = SECTION_KEYS.filter((k) => split.sections[k] !== null);
  const hasSectionOrTable = found.length > 0 || Object.values(tables).some(Boolean);
  // A page whose report is in a linked file is checked as such (the pictures are its icons).
  const imagesOnly = attachments.length === 0 && printedAsImages(blocks, text, ownTitle, hasSectionOrTable);
  // A page of images often shows no title but the site's name: the link that led to it names it, unless
  // the page says anything of its own, or its <title> names another kind of document.
  const byLink =
    imagesOnly && !ownTitle && showsNoHeadline(text) && !lookAlikeOfTitle(doc.title ?? "")
      ? titleFromLink(input.linkText)
      : undefined;
  const title = ownTitle ?? byLink;
  const agency = agencyFromTitle(title) ?? agencyFromMeta(pageMeta) ?? agencyFromText(text);
  const agencyType = input.agencyType ?? inferAgencyType(agency, text, title);
  const yearEvidence = findYearEvidence(title, text);
  const year = yearEvidence[0]?.year;
  const dates = findPublicationEvidence(pageMeta, input.url, text, input.officialHosts);

  const order = found.map((k) => split.sections[k]?.index ?? 0);
  const inOrder = order.every((v, i) => i === 0 || v > (order[i - 1] ?? -1));
  const legacy = detectLegacyTopics(text);
  const oldStructure = legacy.fees && split.sections.requests === null;
  const format = detectFormat(text, grids, { ...(year !== undefined ? { year } : {}), oldStructure });
  const classification = classifyDocument({
    ...(title ? { title } : {}),
    text,
    sectionsFound: found.length,
    sectionsInOrder: inOrder,
    hasTableSignature: format.source === "signature" || format.signatures.length > 0,
    ...(split.introParts ? { introParts: split.introParts } : {}),
    fullYearPeriod: isFullYearPeriod(text),
  });

  // a look-alike has no format to expect; only a real table signature says anything about it
  const decided =
    classification.kind === "annual-report" || format.source === "signature"
      ? format
      : { format: "unknown" as const, source: "none" as const };

  const report: ParsedReport = {
    kind: classification.kind,
    ...(classification.lookAlike ? { lookAlike: classification.lookAlike } : {}),
    format: decided.format,
    formatSource: decided.source,
    ...(title ? { title } : {}),
    ...(agency ? { agency } : {}),
    ...(agencyType ? { agencyType } : {}),
    ...(year !== undefined ? { year } : {}),
    yearEvidence,
    ...dates,
    ...(input.url ? { url: input.url } : {}),
    ...(doc.decode ? { decode: doc.decode } : {}),
    sections: split.sections,
    ...(split.introParts ? { introParts: split.introParts } : {}),
    ...(decided.format === "2008" ? { legacyTopics: legacy } : {}),
    tables,
    unknownLabels,
    ...(attachments.length > 0 ? { attachments } : {}),
    damage: uniqueDamage([...(doc.damage ?? []), ...damage]),
    ...(imagesOnly ? { imagesOnly: true as const } : {}),
    text,
  };
  return report;
}
