export { type CrawlAllOptions, type CrawlAllResult, type CrawlProgress, crawlAll } from "./crawl-all.ts";
export { type CrawlDeps, type CrawlLimits, commitUrlStates, crawlBureau } from "./crawl-bureau.ts";
export { FetchError, type FetchErrorKind } from "./errors.ts";
export {
  createFetcher,
  type Fetcher,
  type FetcherOptions,
  type FetchRequest,
  type FetchResponse,
  USER_AGENT_TOKEN,
} from "./fetcher.ts";
export { MemoryCrawlState } from "./memory-state.ts";
export { type Clock, HostPacer, type PacingOptions, parseRetryAfter, systemClock } from "./pacing.ts";
export { createProgressReporter, type ProgressReporter } from "./progress.ts";
export { isAllowed, parseRobots, RobotsGate } from "./robots.ts";
