// Office API credentials (DESIGN §4: provisioned separately, stored hashed). A token is a random secret;
// only its SHA-256 is ever stored, and lookups compare hashes in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type PrincipalEntry, principalEntrySchema, principalLookup } from "./principals.ts";

export interface TokenStore {
  /** The office the token belongs to, or undefined for an unknown token. */
  officeFor(token: string): Promise<string | undefined>;
  /** The office of an IAM principal API Gateway authenticated (principals.ts), or undefined. */
  officeForPrincipal(arn: string): Promise<string | undefined>;
}

export interface TokenEntry {
  office: string;
  /** Lower-case hex SHA-256 of the token. */
  sha256: string;
}

export class TokenConfigError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenConfigError";
  }
}

/** Longer than any token we issue; bounds the hashing work an anonymous caller can cause. */
export const MAX_TOKEN_LENGTH = 256;
const TOKEN_PREFIX = "gdm_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new random token (256 bits), e.g. for `node -e` or the local demo. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

const tokensFileSchema = z.strictObject({
  /** For an API authorised by IAM (`-c apiAuth=iam`): each office's IAM users or roles. */
  principals: z.array(principalEntrySchema).optional(),
  tokens: z.array(
    z.strictObject({
      office: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, "is not an office id"),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/i, "must be 64 hex digits")
        .transform((s) => s.toLowerCase()),
    }),
  ),
});

export function tokenStoreFromEntries(
  entries: readonly TokenEntry[],
  principals: readonly PrincipalEntry[] = [],
): TokenStore {
  const hashes = entries.map((e) => ({ office: e.office, digest: Buffer.from(e.sha256, "hex") }));
  const officeOfPrincipal = principalLookup(principals);
  return {
    async officeForPrincipal(arn) {
      return officeOfPrincipal(arn);
    },
    async officeFor(token) {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
      const digest = createHash("sha256").update(token, "utf8").digest();
      let office: string | undefined;
      // Every entry is compared, match or not, so timing says nothing about which hash came close.
      for (const entry of hashes) {
        if (timingSafeEqual(entry.digest, digest) && office === undefined) office = entry.office;
      }
      return office;
    },
  };
}

/**
 * Parses `{ "tokens": [ { "office": "gz-zwgk", "sha256": "<hex>" } ], "principals"?: [ { "office",
 * "arn" } ] }` (text or already-parsed JSON).
 */
export function parseCredentialsFile(json: unknown): { tokens: TokenEntry[]; principals: PrincipalEntry[] } {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (cause) {
      throw new TokenConfigError("the API tokens file is not JSON", { cause });
    }
  }
  const result = tokensFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TokenConfigError(
      `invalid API tokens file: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? ""}`.trim(),
    );
  }
  return { tokens: result.data.tokens, principals: result.data.principals ?? [] };
}

/** The tokens of a credentials file (above). */
export function parseTokensFile(json: unknown): TokenEntry[] {
  return parseCredentialsFile(json).tokens;
}

export function tokenStoreFromJson(json: unknown): TokenStore {
  const { tokens, principals } = parseCredentialsFile(json);
  return tokenStoreFromEntries(tokens, principals);
}

/** The file content for a list of entries (what an operator uploads, what the local demo writes). */
export function tokensFileJson(
  entries: readonly TokenEntry[],
  principals: readonly PrincipalEntry[] = [],
): string {
  const tokens = entries.map((e) => ({ office: e.office, sha256: e.sha256 }));
  const file = principals.length > 0 ? { tokens, principals } : { tokens };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * A store re-read at most every `ttlMs`, so a revoked or added token takes effect without a redeploy.
 * When a reload fails the previous list stays in use (reported through onError); with none, it throws.
 */
export function refreshingTokenStore(
  load: () => Promise<TokenStore>,
  options: { ttlMs: number; now?: () => number; onError?: (error: unknown) => void },
): TokenStore {
  const now = options.now ?? Date.now;
  let current: { store: TokenStore; loadedAt: number } | undefined;
  let pending: Promise<TokenStore> | undefined;

  async function reload(): Promise<TokenStore> {
    try {
      const store = await load();
      current = { store, loadedAt: now() };
      return store;
    } catch (error) {
      if (!current) throw error;
      options.onError?.(error);
      current = { store: current.store, loadedAt: now() };
      return current.store;
    }
  }

  async function store(): Promise<TokenStore> {
    if (current && now() - current.loadedAt < options.ttlMs) return current.store;
    // One reload at a time; cleared in a later microtask, so never before it was assigned.
    pending ??= reload().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    officeFor: async (token) => (await store()).officeFor(token),
    officeForPrincipal: async (arn) => (await store()).officeForPrincipal(arn),
  };
}
