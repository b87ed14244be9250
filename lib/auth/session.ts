import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findSessionByToken, touchSession } from "@/lib/data/sessions";
import { findApiTokenByToken, markTokenUsed } from "@/lib/data/tokens";
import type { UserRecord } from "@/lib/data/users";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "./cookies";
import { minRole, type Role } from "./roles";
import { isWellFormedToken, parseBearer } from "./tokens";

/**
 * Who is calling: a browser session (cookie `tidemark-session`) or an API token (Authorization: Bearer).
 * Sessions slide: each use moves the expiry to now + idle timeout (default 12 h), never past the
 * absolute lifetime (default 7 d from login).
 */
export { SESSION_ABSOLUTE_MS, SESSION_COOKIE, SESSION_IDLE_MS } from "./cookies";
export { clearSessionCookie, isSecureRequest, readCookie, sessionCookie } from "./cookies";
/** Activity is written at most this often per session / token (not on every request). */
export const TOUCH_INTERVAL_MS = 60_000;

export interface SessionPolicy {
  idleMs?: number;
  absoluteMs?: number;
}

export interface AuthInput {
  /** The value of the `tidemark-session` cookie (not the whole Cookie header: see readCookie). */
  cookie?: string | null;
  /** The Authorization header. */
  authorization?: string | null;
  /** The client address, recorded as the session's last-seen address. */
  ip?: string | null;
}

export interface Principal {
  readonly user: UserRecord;
  readonly via: "session" | "token";
  /** What the caller may do: the user's role for a session; for a token the lower of its role and its owner's current role. */
  readonly role: Role;
  /** Session id (sha256 of the cookie token) when via = "session". */
  readonly sessionId?: string;
  /** When via = "session": the session's expiry after this request. */
  readonly expiresAtMs?: bigint;
  /** Token id when via = "token". */
  readonly tokenId?: number;
}

/** Expiry of a session seen at `nowMs`: idle timeout from now, capped by the absolute lifetime. */
export function slidingExpiry(createdAtMs: bigint, nowMs: bigint, policy: SessionPolicy = {}): bigint {
  const idle = nowMs + BigInt(policy.idleMs ?? SESSION_IDLE_MS);
  const absolute = createdAtMs + BigInt(policy.absoluteMs ?? SESSION_ABSOLUTE_MS);
  return idle < absolute ? idle : absolute;
}

/**
 * The principal of a request, or null (anonymous, or credentials that are unknown, expired, revoked, or of
 * a disabled user). A Bearer header wins over the cookie and never falls back to it.
 */
export async function authenticate(db: PrismaClient, input: AuthInput, options: SessionPolicy & { nowMs?: bigint } = {}): Promise<Principal | null> {
  const nowMs = options.nowMs ?? BigInt(Date.now());
  const bearer = parseBearer(input.authorization);
  if (bearer !== null) {
    const token = await findApiTokenByToken(db, bearer);
    if (!token || token.user.disabled) return null;
    if (token.lastUsedAtMs === null || nowMs - token.lastUsedAtMs >= BigInt(TOUCH_INTERVAL_MS)) await markTokenUsed(db, token.id, nowMs);
    return { user: token.user, via: "token", role: minRole(token.role, token.user.role), tokenId: token.id };
  }
  const cookie = input.cookie?.trim();
  if (!cookie || !isWellFormedToken(cookie)) return null;
  const session = await findSessionByToken(db, cookie, nowMs);
  if (!session || session.user.disabled) return null;
  const expiresAtMs = slidingExpiry(session.createdAtMs, nowMs, options);
  if (expiresAtMs <= nowMs) return null;
  if (nowMs - session.lastSeenAtMs >= BigInt(TOUCH_INTERVAL_MS) || expiresAtMs < session.expiresAtMs) {
    await touchSession(db, session.id, nowMs, expiresAtMs, input.ip);
  }
  return { user: session.user, via: "session", role: session.user.role, sessionId: session.id, expiresAtMs };
}
