import { createHash, randomBytes } from "node:crypto";

/**
 * Bearer secrets: API tokens and session tokens are `tmk_` + 32 random bytes in base64url (43 chars).
 * Only their sha256 is stored; a stolen database does not give working credentials.
 */
export const TOKEN_PREFIX = "tmk_";
const TOKEN_RE = /^tmk_[A-Za-z0-9_-]{43}$/;

/** A new random token, `tmk_<base64url of 32 random bytes>`. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** True when `value` has the shape of a token we issue (checked before any database lookup). */
export function isWellFormedToken(value: string): boolean {
  return TOKEN_RE.test(value);
}

/** sha256 of the token, lowercase hex (64 chars): the stored form. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The first 8 characters of a token ("tmk_" and 4 more), shown in token lists to tell tokens apart. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, 8);
}

/**
 * The credential of an `Authorization: Bearer <credential>` header (scheme case-insensitive), or null when
 * the header is missing, uses another scheme, or has no credential. The credential is not checked here:
 * see isWellFormedToken.
 */
export function parseBearer(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m?.[1] ?? null;
}
