// The findings API (DESIGN §5 `serve`): a framework-free request → response function. Offices see only
// what they supervise; a bureau of another office is indistinguishable from one that does not exist.
import type { Repository } from "../store/repository.ts";
import { type ApiRequest, type ApiResponse, errorResponse, jsonResponse } from "./http-types.ts";
import type { TokenStore } from "./tokens.ts";
import {
  BUREAU_ID_RE,
  bureauList,
  bureauView,
  compareFindings,
  FINDINGS_PARAMS,
  type FindingsQuery,
  findingView,
  parseFindingsQuery,
  ruleList,
} from "./views.ts";

export type ApiRepository = Pick<
  Repository,
  | "findingsByOffice"
  | "findingsByBureau"
  | "getBureau"
  | "getReportVersions"
  | "getCoverage"
  | "getOfficeBureauIds"
  | "getBureaus"
  | "getCoverages"
>;

export interface ApiDeps {
  repo: ApiRepository;
  tokens: TokenStore;
  /**
   * How offices prove who they are: a bearer token (default), or the IAM principal API Gateway verified
   * (`principal` on the request), mapped to an office by the same credentials file.
   */
  auth?: "token" | "iam";
  now?: () => Date;
  /** Where unexpected errors go (the caller only ever sees a generic 500). */
  log?: (entry: Record<string, unknown>) => void;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

const ALLOW = "GET, HEAD";
const MAX_PATH_LENGTH = 512;

type Route =
  | { name: "health" }
  | { name: "rules" }
  | { name: "findings" }
  | { name: "bureaus" }
  | { name: "bureau" | "bureau-findings"; bureauId: string };

/** undefined = no such route; badId = a bureau route whose id is malformed. */
function matchRoute(path: string): Route | undefined | { badId: true } {
  if (path === "/health") return { name: "health" };
  if (path === "/rules") return { name: "rules" };
  if (path === "/findings") return { name: "findings" };
  if (path === "/bureaus") return { name: "bureaus" };
  const m = /^\/bureaus\/([^/]+)(\/findings)?$/.exec(path);
  if (!m?.[1]) return undefined;
  let bureauId: string;
  try {
    bureauId = decodeURIComponent(m[1]);
  } catch {
    return { badId: true };
  }
  if (!BUREAU_ID_RE.test(bureauId)) return { badId: true };
  return { name: m[2] ? "bureau-findings" : "bureau", bureauId };
}

function headerValue(headers: ApiRequest["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function bearerToken(headers: ApiRequest["headers"]): string | undefined {
  const value = headerValue(headers, "authorization");
  const m = value ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value) : null;
  return m?.[1];
}

const UNAUTHORIZED = { "www-authenticate": 'Bearer realm="gdm"' };

export function createApi(deps: ApiDeps): ApiHandler {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((entry) => console.error(JSON.stringify(entry)));

  async function findings(officeId: string, filter: FindingsQuery) {
    const stored = filter.bureau
      ? (await deps.repo.findingsByBureau(filter.bureau, filter)).filter((f) => f.officeId === officeId)
      : await deps.repo.findingsByOffice(officeId, filter);
    const items = stored
      .filter((f) => filter.rule === undefined || f.rule === filter.rule)
      .sort(compareFindings)
      .map(findingView);
    return { office: officeId, count: items.length, findings: items };
  }

  /** The bureau when the caller's office supervises it; otherwise nothing, as if it did not exist. */
  async function supervisedBureau(officeId: string, bureauId: string) {
    const bureau = await deps.repo.getBureau(bureauId);
    return bureau?.supervisor === officeId ? bureau : undefined;
  }

  async function officeOf(req: ApiRequest): Promise<{ officeId: string } | { denied: ApiResponse }> {
    if (deps.auth === "iam") {
      // API Gateway refuses unsigned requests before they get here; a principal is always there.
      if (!req.principal) return { denied: errorResponse(403, "the request carries no IAM identity") };
      const officeId = await deps.tokens.officeForPrincipal(req.principal);
      return officeId
        ? { officeId }
        : { denied: errorResponse(403, `no office is given to ${req.principal.slice(0, 200)}`) };
    }
    const token = bearerToken(req.headers);
    if (!token)
      return {
        denied: errorResponse(401, "missing bearer token (Authorization: Bearer <token>)", UNAUTHORIZED),
      };
    const officeId = await deps.tokens.officeFor(token);
    return officeId ? { officeId } : { denied: errorResponse(401, "unknown token", UNAUTHORIZED) };
  }

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    if (req.path.length > MAX_PATH_LENGTH) return errorResponse(414, "path too long");
    const route = matchRoute(req.path);
    if (route === undefined) return errorResponse(404, "no such resource");
    const method = req.method.toUpperCase();
    if (method !== "GET" && method !== "HEAD")
      return errorResponse(405, `method ${method.slice(0, 16)} not allowed; use GET`, { allow: ALLOW });
    if ("badId" in route) return errorResponse(400, "the path holds no valid bureau id");

    if (route.name === "health" || route.name === "rules") {
      const parsed = parseFindingsQuery(req.query, []);
      if ("error" in parsed) return errorResponse(400, parsed.error);
      return route.name === "health"
        ? jsonResponse(200, { status: "ok", time: now().toISOString() })
        : jsonResponse(200, { rules: ruleList() });
    }

    const caller = await officeOf(req);
    if ("denied" in caller) return caller.denied;
    const { officeId } = caller;

    if (route.name === "findings") {
      const parsed = parseFindingsQuery(req.query);
      if ("error" in parsed) return errorResponse(400, parsed.error);
      return jsonResponse(200, await findings(officeId, parsed.filter));
    }

    if (route.name === "bureaus") {
      const parsed = parseFindingsQuery(req.query, []);
      if ("error" in parsed) return errorResponse(400, parsed.error);
      const ids = await deps.repo.getOfficeBureauIds(officeId);
      if (!ids)
        return errorResponse(
          503,
          "this office's bureau list is not stored yet: the next monitoring cycle writes it",
        );
      const [bureaus, coverage, open] = await Promise.all([
        deps.repo.getBureaus(ids),
        deps.repo.getCoverages(ids),
        deps.repo.findingsByOffice(officeId, { status: "open" }),
      ]);
      // Only bureaus the office supervises now: the list may predate a move the mirror has since seen.
      const own = bureaus.filter((b) => b.supervisor === officeId);
      return jsonResponse(200, bureauList(officeId, own, coverage, open));
    }

    const allowed = route.name === "bureau" ? [] : FINDINGS_PARAMS.filter((p) => p !== "bureau");
    const parsed = parseFindingsQuery(req.query, allowed);
    if ("error" in parsed) return errorResponse(400, parsed.error);
    const bureau = await supervisedBureau(officeId, route.bureauId);
    if (!bureau) return errorResponse(404, "no such bureau");
    if (route.name === "bureau") {
      const [versions, coverage] = await Promise.all([
        deps.repo.getReportVersions(bureau.id),
        deps.repo.getCoverage(bureau.id),
      ]);
      return jsonResponse(200, bureauView(bureau, versions, coverage));
    }
    const result = await findings(officeId, { ...parsed.filter, bureau: bureau.id });
    return jsonResponse(200, { ...result, bureauId: bureau.id });
  }

  return async (req) => {
    try {
      return await handle(req);
    } catch (error) {
      log({
        event: "api-error",
        method: req.method,
        path: req.path.slice(0, MAX_PATH_LENGTH),
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      return errorResponse(500, "internal error");
    }
  };
}
