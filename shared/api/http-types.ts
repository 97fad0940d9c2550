// The API's transport-neutral request and response: node:http and API Gateway both adapt to these.

export interface ApiRequest {
  method: string;
  /** Decoded by nobody yet: the raw path, e.g. "/bureaus/gz-tjj/findings". */
  path: string;
  query: Record<string, string | undefined>;
  /** Header names in any case. */
  headers: Record<string, string | undefined>;
  /** The caller's IAM ARN, as API Gateway verified it (an API authorised by IAM); never from a header. */
  principal?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BASE_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return { status, headers: { ...BASE_HEADERS, ...headers }, body: `${JSON.stringify(value)}\n` };
}

/** Every error is one line: `{ "error": "…" }`. */
export function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): ApiResponse {
  return jsonResponse(status, { error: message }, headers);
}

/** Longest query string either adapter accepts (the API's parameters are short). */
export const MAX_QUERY_LENGTH = 1024;

/**
 * Parses a raw query string into single values. A parameter given twice is an error rather than a silent
 * pick of one value, and so is a malformed escape.
 */
export function parseQueryString(raw: string): { query: Record<string, string> } | { error: string } {
  if (raw.length > MAX_QUERY_LENGTH) return { error: "query string too long" };
  const query: Record<string, string> = Object.create(null);
  if (raw === "") return { query };
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replaceAll("+", " "));
      value = decodeURIComponent(rawValue.replaceAll("+", " "));
    } catch {
      return { error: "malformed percent-encoding in the query string" };
    }
    if (Object.hasOwn(query, name)) return { error: `query parameter "${name}" given more than once` };
    query[name] = value;
  }
  return { query };
}
