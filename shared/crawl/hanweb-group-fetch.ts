// A Hanweb (大汉) column's later records, asked for as the column's script asks: a POST of the column's
// form to dataproxy.jsp from the column page. A site whose firewall or server refuses that POST from us
// but serves the same address to a GET is asked again by GET, once, so the column is still read whole.
import { decodeBytes } from "../text/decode.ts";
import type { CrawlSession } from "./crawl-session.ts";
import { FetchError } from "./errors.ts";
import type { FetchResponse } from "./fetcher.ts";

const RECORDSET = /<recordset/i;

export interface GroupAnswer {
  response: FetchResponse;
  text: string;
}

/** The group's records, or undefined when they did not come (said among the session's errors). */
export async function fetchHanwebGroup(
  session: CrawlSession,
  url: string,
  form: Record<string, string>,
  referer: string | undefined,
): Promise<GroupAnswer | undefined> {
  const headers = referer ? { referer } : {};
  const posted = await session.attempt(url, "listing", { form, ...headers });
  if (posted === undefined) return undefined;
  const first = answerOf(posted);
  if ("records" in first) return first.records;
  // A failing host (timeouts, 5xx, 429) is not asked twice: only a refusal of the POST itself is.
  if (posted instanceof FetchError && !refusesTheMethod(posted)) {
    session.error(`listing ${url}: ${posted.message}`);
    return undefined;
  }
  const got = await session.attempt(url, "listing", headers);
  if (got === undefined) return undefined;
  const second = answerOf(got);
  if ("records" in second) {
    session.deps.log?.({ event: "group-by-get", bureau: session.bureau.id, url, post: first.why });
    return second.records;
  }
  session.error(
    `listing ${url}: the column's next records did not come (POST: ${first.why}; GET: ${second.why}); reports further down are not judged this cycle`,
  );
  return undefined;
}

function answerOf(outcome: FetchResponse | FetchError): { records: GroupAnswer } | { why: string } {
  if (outcome instanceof FetchError) return { why: outcome.message };
  const { text } = decodeBytes(outcome.bytes, outcome.contentType);
  if (RECORDSET.test(text.slice(0, 200_000))) return { records: { response: outcome, text } };
  return { why: `HTTP ${outcome.status} with something else than records` };
}

/** An answer a server gives a request it will not take in this form (method, body, a firewall's rule). */
function refusesTheMethod(error: FetchError): boolean {
  return error.kind === "http" && ((!error.retryable && error.status !== 429) || error.status === 501);
}
