// What a correct monitor must conclude about every sample bureau and every document it publishes
// (SPEC §1.3–1.5, §2.5, §6, §8): the yardstick for precision/recall tests and the bench.
// Derived from the same declarations the sites are built from; generated/ground-truth.json is a copy for other tools.
import type { AgencyType, SectionKey } from "../../../shared/domain/keys.ts";
import type { RuleId } from "../../../shared/rules/catalogue.ts";
import { SAMPLE_SITES, SAMPLE_TODAY } from "./bureaus.ts";
import { metaCharsetLabel } from "./page-chrome.ts";
import { reportOf } from "./report-tables.ts";
import {
  attachmentUrl,
  type DocRole,
  type DocSpec,
  docPath,
  docTitle,
  gatewayPath,
  imagePaths,
  listingPagePath,
  SEED_TITLES_TRADITIONAL,
  type SeedId,
  type SiteEncoding,
  type SiteSpec,
  siteUrl,
  tableFormatOf,
} from "./site-spec.ts";

/**
 * One finding a correct monitor must produce. Match on the fields given (absent = not constrained).
 * table-arithmetic follows shared/rules/table-arithmetic.ts: Table 3 `balance` names only the column
 * (expected = 一+二, actual = 三（七）+四); Table 4 totals are `row-total` with row = the group, column "total".
 */
export interface ExpectedFinding {
  rule: RuleId;
  year?: number;
  section?: SectionKey;
  table?: "proactive" | "requests" | "review";
  relation?: string;
  row?: string;
  column?: string;
  expected?: number;
  actual?: number;
  deadline?: string;
  publishedAt?: string;
  regime?: "2008" | "2019";
}

export interface GroundTruthDocument {
  url: string;
  title: string;
  role: DocRole;
  kind: "annual-report" | "not-annual-report";
  year: number;
  /** The format a reader can detect from the document ("unknown": no tables to read). */
  format: "2021" | "2019" | "2008" | "unknown";
  /** The date the official page states; null when it states none (→ publication-date-unknown). */
  publishedAt: string | null;
  /** Statutory deadline for annual reports (inclusive), null otherwise. */
  deadline: string | null;
  encoding: SiteEncoding;
  declaredCharset: { header: string | null; meta: string | null };
  render: "html" | "images" | "pdf" | "ofd" | "text";
  /** PDF attachment URLs (the report body lives there) and table images. */
  attachments: string[];
  images: string[];
  seed?: SeedId;
  /** A rendering of another document (the Big5 gateway copy). */
  duplicateOf?: string;
  /** Linked from the column but disallowed by robots.txt: a polite crawler never fetches it. */
  robotsForbidden: boolean;
  findings: ExpectedFinding[];
}

export interface GroundTruthBureau {
  bureauId: string;
  name: string;
  host: string;
  agencyType: AgencyType;
  regionCode: string;
  listingPages: string[];
  documents: GroundTruthDocument[];
  /** Bureau-level findings (report-missing). */
  findings: ExpectedFinding[];
  robotsDisallowed: string[];
}

export interface SampleGroundTruth {
  /** "Today" for the demo: deadlines up to report year 2025 have passed. */
  today: string;
  /** Report years judged for report-missing (older years are only partly present). */
  window: { from: number; to: number };
  bureaus: GroundTruthBureau[];
}

const WINDOW = { from: 2021, to: 2025 };

/** SPEC §1.3/§1.4: 2008 regime → 3/31 for all; 2019 regime → departments 1/31, governments 3/31;
 * townships have no statutory date — "late" after 3/31 (the recommended default). */
export function statutoryDeadline(
  year: number,
  agencyType: AgencyType,
): { date: string; regime: "2008" | "2019" } {
  if (year <= 2018) return { date: `${year + 1}-03-31`, regime: "2008" };
  return { date: `${year + 1}-${agencyType === "department" ? "01" : "03"}-31`, regime: "2019" };
}

const TABLES = ["proactive", "requests", "review"] as const;
const notExtractable = (): ExpectedFinding[] =>
  TABLES.map((table) => ({ rule: "table-not-extractable", table }));

/** SPEC §8, for the seeds as this site serves them. */
const SEED_FACTS: Record<
  SeedId,
  Pick<GroundTruthDocument, "kind" | "format"> & { findings: () => ExpectedFinding[] }
> = {
  "000": {
    kind: "annual-report",
    format: "unknown",
    findings: () => [...notExtractable(), { rule: "publication-date-unknown" }, { rule: "encoding-damage" }],
  },
  "001": { kind: "annual-report", format: "2021", findings: () => [{ rule: "encoding-damage" }] },
  "002": { kind: "annual-report", format: "2008", findings: () => [{ rule: "publication-date-unknown" }] },
  "003": { kind: "not-annual-report", format: "unknown", findings: () => [{ rule: "not-annual-report" }] },
  "004": {
    kind: "annual-report",
    format: "unknown",
    findings: () => [
      ...notExtractable(),
      { rule: "intro-structure-mismatch" },
      { rule: "publication-date-unknown" },
    ],
  },
};

function declaredCharset(site: SiteSpec, doc: DocSpec): GroundTruthDocument["declaredCharset"] {
  const header = doc.headerLies ? "utf-8" : site.charset === "meta-only" ? null : site.encoding;
  return { header, meta: site.charset === "header-only" ? null : metaCharsetLabel(site.encoding) };
}

function documentFindings(site: SiteSpec, doc: DocSpec): ExpectedFinding[] {
  if (doc.role !== "report") return [{ rule: "not-annual-report" }];
  // Never fetched by a polite crawler, so nothing can be concluded from it.
  if (doc.robotsForbidden) return [];
  const findings: ExpectedFinding[] = [];
  const { date: deadline, regime } = statutoryDeadline(doc.year, site.agencyType);
  if (doc.publishedAt === null) findings.push({ rule: "publication-date-unknown" });
  else if (doc.publishedAt > deadline) {
    findings.push({ rule: "late-publication", deadline, publishedAt: doc.publishedAt, regime });
  }
  if (doc.seed) {
    const seedFindings = [
      ...findings.filter((f) => f.rule === "late-publication"),
      ...SEED_FACTS[doc.seed].findings(),
    ];
    return seedFindings.map((f) => (f.rule === "not-annual-report" ? f : { ...f, year: doc.year }));
  }
  if (doc.render === "images") findings.push(...notExtractable());
  if (doc.omitSection) findings.push({ rule: "section-missing", section: doc.omitSection });
  if (tableFormatOf(doc) === "2019" && doc.year >= 2021) findings.push({ rule: "format-year-mismatch" });
  if (doc.render !== "images") {
    for (const f of reportOf(site, doc).defectFindings) findings.push({ ...f });
  }
  return findings.map((f) => ({ ...f, year: doc.year }));
}

function groundTruthDocument(site: SiteSpec, doc: DocSpec): GroundTruthDocument {
  const isReport = doc.role === "report";
  const seedFacts = doc.seed ? SEED_FACTS[doc.seed] : undefined;
  const format = seedFacts?.format ?? (!isReport || doc.render === "images" ? "unknown" : tableFormatOf(doc));
  return {
    url: siteUrl(site, docPath(site, doc)),
    title: docTitle(site, doc),
    role: doc.role,
    kind: seedFacts?.kind ?? (isReport ? "annual-report" : "not-annual-report"),
    year: doc.year,
    format,
    publishedAt: doc.publishedAt,
    deadline:
      isReport && seedFacts?.kind !== "not-annual-report"
        ? statutoryDeadline(doc.year, site.agencyType).date
        : null,
    encoding: site.encoding,
    declaredCharset: declaredCharset(site, doc),
    render: doc.seed ? "text" : (doc.render ?? "html"),
    attachments: doc.render === "pdf" || doc.render === "ofd" ? [attachmentUrl(site, doc)] : [],
    images: doc.render === "images" ? imagePaths(site, doc).map((p) => siteUrl(site, p)) : [],
    ...(doc.seed ? { seed: doc.seed } : {}),
    robotsForbidden: doc.robotsForbidden ?? false,
    findings: documentFindings(site, doc),
  };
}

function gatewayDocument(
  site: SiteSpec,
  original: GroundTruthDocument,
  doc: DocSpec,
): GroundTruthDocument | undefined {
  if (!site.big5Gateway || doc.seed !== "004") return undefined;
  return {
    ...original,
    url: `http://${site.big5Gateway.host}${gatewayPath(site, docPath(site, doc))}`,
    title: SEED_TITLES_TRADITIONAL[doc.seed] ?? original.title,
    encoding: "big5",
    declaredCharset: { header: "big5", meta: "big5" },
    duplicateOf: original.url,
    findings: original.findings.map((f) => ({ ...f })),
  };
}

function bureauTruth(site: SiteSpec): GroundTruthBureau {
  const documents: GroundTruthDocument[] = [];
  for (const doc of site.docs) {
    const truth = groundTruthDocument(site, doc);
    documents.push(truth);
    const gateway = gatewayDocument(site, truth, doc);
    if (gateway) documents.push(gateway);
  }
  const findings: ExpectedFinding[] = [];
  for (let year = WINDOW.from; year <= WINDOW.to; year++) {
    const published = documents.some(
      (d) => d.kind === "annual-report" && d.year === year && !d.robotsForbidden && !d.duplicateOf,
    );
    const deadline = statutoryDeadline(year, site.agencyType);
    if (!published && deadline.date < SAMPLE_TODAY) {
      findings.push({ rule: "report-missing", year, deadline: deadline.date, regime: deadline.regime });
    }
  }
  const pageCount = Math.max(1, Math.ceil(site.docs.length / site.pageSize));
  return {
    bureauId: site.bureauId,
    name: site.name,
    host: site.host,
    agencyType: site.agencyType,
    regionCode: site.regionCode,
    listingPages: Array.from({ length: pageCount }, (_, page) => siteUrl(site, listingPagePath(site, page))),
    documents,
    findings,
    robotsDisallowed: documents.filter((d) => d.robotsForbidden).map((d) => d.url),
  };
}

export const SAMPLE_GROUND_TRUTH: SampleGroundTruth = {
  today: SAMPLE_TODAY,
  window: WINDOW,
  bureaus: SAMPLE_SITES.map(bureauTruth),
};
