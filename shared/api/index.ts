// The findings API: one handler for node:http (infra/local/serve.ts) and API Gateway (functions/api/).
export { type ApiDeps, type ApiHandler, type ApiRepository, createApi } from "./create-api.ts";
export {
  type ApiRequest,
  type ApiResponse,
  errorResponse,
  jsonResponse,
  parseQueryString,
} from "./http-types.ts";
export {
  hashToken,
  newToken,
  parseCredentialsFile,
  parseTokensFile,
  refreshingTokenStore,
  TokenConfigError,
  type TokenEntry,
  type TokenStore,
  tokenStoreFromEntries,
  tokenStoreFromJson,
  tokensFileJson,
} from "./tokens.ts";
export { type FindingView, type RuleView, ruleList } from "./views.ts";
