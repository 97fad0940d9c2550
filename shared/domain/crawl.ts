// What the crawler hands to the monitoring cycle, and the state it keeps between cycles.

/** One document the crawler believes may be an annual report (a report page or an attachment). */
export interface CandidateDocument {
  url: string;
  /** After redirects. */
  finalUrl: string;
  /** The listing link text that led here, and the year read from it or from the URL, if any. */
  linkText?: string;
  yearHint?: number;
  contentType?: string;
  /** Absent when `unchanged` (304, or same sha256 as last time): nothing to re-parse. */
  bytes?: Uint8Array;
  sha256: string;
  /** The sha256 the crawler held for this URL before this visit (the bytes of its last stored snapshot). */
  previousSha256?: string;
  fetchedAt: string; // ISO instant
  unchanged: boolean;
  /** Attachments (PDF/DOC/DOCX/WPS) linked from this page, fetched as documents of their own. */
  attachments: CandidateDocument[];
}

export interface VisitRecord {
  url: string;
  kind: "robots" | "listing" | "report" | "attachment";
  /** HTTP status, or 0 when no response. */
  status: number;
  outcome:
    | "ok"
    | "not-modified"
    | "skipped-robots"
    | "skipped-host"
    | "error"
    | "too-large"
    | "too-many-redirects";
  detail?: string;
  at: string;
}

/** A report or attachment link that answered 404 or 410, or 200 with a "page not found" page. */
export interface DeadLink {
  url: string;
  status: number;
  /** Answered 200 with a "page not found" page (a soft 404). */
  softNotFound?: true;
  /** The year the listing's link named, when it named one. */
  year?: number;
  linkText?: string;
}

export interface BureauCrawl {
  bureauId: string;
  status: "ok" | "unreachable" | "partial";
  documents: CandidateDocument[];
  /** Everything looked at, so report-missing and site-unreachable can show their evidence. */
  visited: VisitRecord[];
  errors: string[];
  /**
   * Set on a partial crawl whose listings were all read, when every failure was a report document whose
   * link named its year (or a dead link, which names nothing here): those years. report-missing is judged
   * for the others (one bad old link must not hide that this year's is missing); absent when a failure
   * could concern any year.
   */
  unjudgedYears?: number[];
  /**
   * Report and attachment links the site answered 404 or 410 (or 200 with a "page not found" page): the
   * document is not there for anyone to read, so its year is judged as if no report were listed (report-missing shows these as evidence).
   */
  deadLinks?: DeadLink[];
  /**
   * Validators not yet written, when the crawl ran with `urlStateWrites: "deferred"`: the caller writes
   * them (commitUrlStates) only after it has stored what it parsed, so a failed cycle re-fetches.
   */
  pendingUrlStates?: UrlState[];
}

/** Per-URL validators kept between cycles (conditional GET, content hash). */
export interface UrlState {
  url: string;
  etag?: string;
  lastModified?: string;
  sha256?: string;
  checkedAt: string;
  /** Attachment URLs found on this (report) page last time, so a 304 can still re-check them. */
  attachments?: string[];
  /** The pages that continue this (report) page's article, so a 304 can still re-check them. */
  continuations?: string[];
  /** sha256 of the document assembled from this page and its continuations (its snapshot's key). */
  documentSha256?: string;
  /** What a listing page yielded last time, so a 304 still leads to every report (pages are followed too). */
  listing?: ListingMemory;
}

/** A listing page's classified links, and the registry inputs (`basis`) they were classified with. */
export interface ListingMemory {
  reports: { url: string; linkText: string; yearHint?: number }[];
  pages: string[];
  subListings: string[];
  basis: string;
}

/** Where the crawler keeps its memory: DynamoDB in production and locally, a Map in unit tests. */
export interface CrawlStateStore {
  getUrlState(url: string): Promise<UrlState | undefined>;
  putUrlState(state: UrlState): Promise<void>;
  /** Many at once (a bureau's validators after its documents are stored); stores may batch the writes. */
  putUrlStates?(states: readonly UrlState[]): Promise<void>;
  getRobots(host: string): Promise<{ body: string | null; status: number; fetchedAt: string } | undefined>;
  /** A batching store may hold this back until its next write (putUrlStates, even of none). */
  putRobots(host: string, robots: { body: string | null; status: number; fetchedAt: string }): Promise<void>;
  /** Consecutive failures per host, for parking. */
  getHostHealth(
    host: string,
  ): Promise<{ failures: number; parkedUntil?: string; lastErrors: string[] } | undefined>;
  putHostHealth(
    host: string,
    health: { failures: number; parkedUntil?: string; lastErrors: string[] },
  ): Promise<void>;
}
