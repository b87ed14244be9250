import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/data/audit";
import { createSession } from "@/lib/data/sessions";
import { findUserByUsername, normalizeUsername, setPasswordHash, type UserRecord } from "@/lib/data/users";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "./passwords";
import type { LoginRateLimiter } from "./rateLimit";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type SessionPolicy } from "./session";

/**
 * A password login, in the order that keeps it safe: throttle first (per username and per address),
 * the same scrypt work whether or not the user exists, one answer for every kind of failure, then a new
 * session. Every attempt is audited ("auth.login"; the password never is).
 */
export interface LoginInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

export type LoginResult =
  | { ok: true; user: UserRecord; token: string; sessionId: string; expiresAtMs: bigint; cookieMaxAgeMs: number }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export async function login(
  db: PrismaClient,
  limiter: LoginRateLimiter,
  input: LoginInput,
  options: SessionPolicy & { nowMs?: bigint } = {},
): Promise<LoginResult> {
  const username = normalizeUsername(input.username).slice(0, 128);
  const ip = input.ip ?? null;
  const audit = (outcome: "ok" | "denied", actor: string, details: Record<string, unknown>) =>
    writeAudit(db, { actor, actorKind: "session", action: "auth.login", target: `user:${username}`, details, ip, outcome, atMs: options.nowMs });

  const gate = limiter.check(username, ip);
  if (!gate.allowed) {
    await audit("denied", "anonymous", { reason: "rate_limited", by: gate.by, retryAfterMs: gate.retryAfterMs });
    return { ok: false, reason: "rate_limited", retryAfterMs: gate.retryAfterMs };
  }

  const user = await findUserByUsername(db, username);
  const good = user ? await verifyPassword(input.password, user.passwordHash) : await dummyVerify(input.password);
  if (!user || !good || user.disabled) {
    limiter.fail(username, ip);
    const reason = !user ? "unknown_user" : !good ? "wrong_password" : "disabled";
    await audit("denied", "anonymous", { reason });
    return { ok: false, reason: "invalid_credentials" };
  }

  limiter.succeed(username);
  if (needsRehash(user.passwordHash)) await setPasswordHash(db, user.id, await hashPassword(input.password));
  const nowMs = options.nowMs ?? BigInt(Date.now());
  const idleMs = options.idleMs ?? SESSION_IDLE_MS;
  const absoluteMs = options.absoluteMs ?? SESSION_ABSOLUTE_MS;
  const session = await createSession(db, user.id, Math.min(idleMs, absoluteMs), ip, input.userAgent, nowMs);
  await audit("ok", user.username, {});
  const { passwordHash: _hash, ...record } = user;
  return { ok: true, user: record, token: session.token, sessionId: session.id, expiresAtMs: session.expiresAtMs, cookieMaxAgeMs: absoluteMs };
}
