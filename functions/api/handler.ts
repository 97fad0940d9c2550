// API Lambda (API Gateway HTTP API, payload v2): the findings API of DESIGN §5 on the shared handler.
// Tokens: TOKENS is inline JSON (starts with "{") or the key of the tokens file in BUCKET_NAME, re-read
// every few minutes so revoking a token needs no redeploy. Only hashes are ever stored (DESIGN §4). With
// API_AUTH=iam the caller is the IAM principal API Gateway verified, mapped by the same file's principals.
import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import {
  type ApiHandler,
  createApi,
  errorResponse,
  parseQueryString,
  refreshingTokenStore,
  tokenStoreFromJson,
} from "../../shared/api/index.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { readEnv, readJsonSource } from "../config.ts";
import type { HttpApiEvent, HttpApiResult } from "../lambda-types.ts";

export const apiEnvSchema = z.object({
  TABLE_NAME: z.string().trim().min(1),
  BUCKET_NAME: z.string().trim().min(1),
  TOKENS: z.string().trim().min(1),
  /** "iam" when API Gateway authorises every route with IAM (`-c apiAuth=iam`). */
  API_AUTH: z.enum(["token", "iam"]).default("token"),
});
export const TOKENS_TTL_MS = 5 * 60_000;

export function makeHandler(api: ApiHandler) {
  return async (event: HttpApiEvent): Promise<HttpApiResult> => {
    const parsed = parseQueryString(event.rawQueryString ?? "");
    const principal = event.requestContext.authorizer?.iam?.userArn;
    const out =
      "error" in parsed
        ? errorResponse(400, parsed.error)
        : await api({
            method: event.requestContext.http.method,
            path: event.rawPath,
            query: parsed.query,
            headers: event.headers ?? {},
            ...(principal ? { principal } : {}),
          });
    return { statusCode: out.status, headers: out.headers, body: out.body, isBase64Encoded: false };
  };
}

function buildDefault() {
  const env = readEnv(apiEnvSchema);
  const { doc } = createDocumentClient();
  const s3 = new S3Client({});
  const log = (entry: Record<string, unknown>) => console.error(JSON.stringify(entry));
  const tokens = refreshingTokenStore(
    async () => tokenStoreFromJson(await readJsonSource(env.TOKENS, s3, env.BUCKET_NAME)),
    {
      ttlMs: TOKENS_TTL_MS,
      onError: (error) => log({ event: "tokens-reload-failed", error: String(error) }),
    },
  );
  const repo = createRepository({ doc, tableName: env.TABLE_NAME });
  return makeHandler(createApi({ repo, tokens, auth: env.API_AUTH, log }));
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = (event: HttpApiEvent) => {
  cached ??= buildDefault();
  return cached(event);
};
