import { ensureAdmin } from "@/lib/auth/bootstrap";
import { login as passwordLogin } from "@/lib/auth/login";
import { hashPassword, passwordPolicyError } from "@/lib/auth/passwords";
import { LoginRateLimiter } from "@/lib/auth/rateLimit";
import { allows, type Role } from "@/lib/auth/roles";
import { clearSessionCookie, isSecureRequest, readCookie, SESSION_COOKIE, sessionCookie } from "@/lib/auth/session";
import { listAudit, pruneAuditBefore } from "@/lib/data/audit";
import { deleteExpiredSessions, deleteSession, deleteUserSessions } from "@/lib/data/sessions";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenRecord } from "@/lib/data/tokens";
import { createUser, disableUser, enableUser, findUserById, listUsers, setPasswordHash, updateUserRole, type UserRecord } from "@/lib/data/users";
import type { AuditList, Me, TokenRow, UserRow } from "@/lib/schemas";
import { authMode, clientIp, type Caller } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import { appDatabase } from "./database";

/** Sign-in, users, API tokens and the audit log (issue 7). Route handlers stay thin over these. */

const holder = globalThis as typeof globalThis & { __tidemarkLoginLimiter?: LoginRateLimiter };
const limiter = () => (holder.__tidemarkLoginLimiter ??= new LoginRateLimiter());

const userRow = (u: UserRecord): UserRow => ({ id: u.id, username: u.username, role: u.role, disabled: u.disabled, createdAt: Number(u.createdAtMs) });
const tokenRow = (t: ApiTokenRecord): TokenRow => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  createdAt: Number(t.createdAtMs),
  lastUsedAt: t.lastUsedAtMs === null ? null : Number(t.lastUsedAtMs),
  revokedAt: t.revokedAtMs === null ? null : Number(t.revokedAtMs),
});

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return m <= 1 ? "a minute" : `${m} minutes`;
}

export async function signIn(req: { url: string; headers: Headers }, body: { username: string; password: string }): Promise<Response> {
  if (authMode() === "off") throw new ApiError("bad_request", "Authentication is off (TIDEMARK_AUTH=off): there is nothing to sign in to");
  const db = await appDatabase();
  const result = await passwordLogin(db, limiter(), { username: body.username, password: body.password, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      throw new ApiError("rate_limited", `Too many failed sign-ins for this account or from this address: try again in ${minutes(result.retryAfterMs)}`, { retryAfterMs: result.retryAfterMs });
    }
    // One answer for an unknown user, a wrong password and a disabled account: no user enumeration.
    throw new ApiError("unauthorized", "Wrong username or password");
  }
  return Response.json(
    { user: { username: result.user.username, role: result.user.role } },
    { headers: { "Set-Cookie": sessionCookie(result.token, { secure: isSecureRequest(req), maxAgeMs: result.cookieMaxAgeMs }), "Cache-Control": "no-store" } },
  );
}

export async function signOut(req: { url: string; headers: Headers }): Promise<Response> {
  const token = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
  if (token !== null && authMode() === "on") await deleteSession(await appDatabase(), token);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": clearSessionCookie({ secure: isSecureRequest(req) }), "Cache-Control": "no-store" } });
}

export function me(caller: Caller): Me {
  return { authMode: authMode(), user: { username: caller.username, role: caller.role, via: caller.via } };
}

export async function getUsers(): Promise<{ users: UserRow[] }> {
  return { users: (await listUsers(await appDatabase())).map(userRow) };
}

function checkPassword(password: string, username?: string) {
  const problem = passwordPolicyError(password, username);
  if (problem) throw new ApiError("bad_request", problem);
}

export async function addUser(body: { username: string; password: string; role: Role }): Promise<Response> {
  checkPassword(body.password, body.username);
  const db = await appDatabase();
  const user = await createUser(db, { username: body.username, passwordHash: await hashPassword(body.password), role: body.role });
  return Response.json(userRow(user), { status: 201, headers: { "Cache-Control": "no-store" } });
}

export async function changeUser(caller: Caller, id: number, body: { role?: Role | undefined; disabled?: boolean | undefined; password?: string | undefined }): Promise<UserRow> {
  const db = await appDatabase();
  const existing = await findUserById(db, id);
  if (!existing) throw new ApiError("not_found", `No user with id ${id}`);
  if (caller.userId === id && (body.disabled === true || (body.role !== undefined && body.role !== "admin"))) {
    throw new ApiError("conflict", "You cannot disable or demote yourself; ask another administrator");
  }
  let user: UserRecord = existing;
  if (body.role !== undefined) user = await updateUserRole(db, id, body.role);
  if (body.disabled === true) user = await disableUser(db, id);
  if (body.disabled === false) user = await enableUser(db, id);
  if (body.password !== undefined) {
    checkPassword(body.password, existing.username);
    user = await setPasswordHash(db, id, await hashPassword(body.password));
    await deleteUserSessions(db, id, caller.userId === id ? caller.sessionId : undefined);
  }
  return userRow(user);
}

export async function getTokens(caller: Caller): Promise<{ tokens: TokenRow[] }> {
  if (caller.userId === null) return { tokens: [] };
  return { tokens: (await listApiTokens(await appDatabase(), caller.userId)).map(tokenRow) };
}

export async function addToken(caller: Caller, body: { name: string; role: Role }): Promise<Response> {
  if (caller.userId === null) throw new ApiError("bad_request", "API tokens belong to a user; with TIDEMARK_AUTH=off there is none");
  if (caller.via === "token") throw new ApiError("forbidden", "An API token cannot create tokens; sign in to the console");
  if (!allows(caller.role, body.role)) throw new ApiError("forbidden", `A token cannot have more rights than its owner (${caller.role})`);
  const created = await createApiToken(await appDatabase(), caller.userId, body.name, body.role);
  return Response.json({ token: created.token, row: tokenRow(created.record) }, { status: 201, headers: { "Cache-Control": "no-store" } });
}

export async function removeToken(caller: Caller, id: number): Promise<{ ok: true }> {
  if (caller.userId === null) throw new ApiError("not_found", `No token with id ${id}`);
  const revoked = await revokeApiToken(await appDatabase(), id, caller.role === "admin" ? undefined : caller.userId);
  if (!revoked) throw new ApiError("not_found", `No token with id ${id}`);
  return { ok: true };
}

export async function getAudit(query: { page: number; pageSize: number }): Promise<AuditList> {
  const page = await listAudit(await appDatabase(), query);
  return {
    entries: page.entries.map((e) => ({ id: e.id, at: Number(e.atMs), actor: e.actor, actorKind: e.actorKind, action: e.action, target: e.target, details: e.details, ip: e.ip ?? "", outcome: e.outcome })),
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/**
 * At start: the first administrator when there is no user yet (password from TIDEMARK_ADMIN_PASSWORD, or
 * generated and printed once), and an hourly cleanup of expired sessions and of audit entries older than
 * TIDEMARK_AUDIT_DAYS (default 365).
 */
export async function prepareAccounts(env: Record<string, string | undefined> = process.env): Promise<void> {
  const db = await appDatabase();
  if (authMode(env) === "on") await ensureAdmin(db, env);
  else console.warn("[tidemark] TIDEMARK_AUTH=off: authentication is disabled, anyone who can reach this console is an administrator");
  const holder2 = globalThis as typeof globalThis & { __tidemarkAccountCleanup?: NodeJS.Timeout };
  if (holder2.__tidemarkAccountCleanup) return;
  const days = Number(env.TIDEMARK_AUDIT_DAYS ?? 365);
  const cleanup = async () => {
    try {
      await deleteExpiredSessions(db);
      if (Number.isFinite(days) && days > 0) await pruneAuditBefore(db, BigInt(Date.now() - days * 86_400_000));
    } catch (err) {
      console.error("[tidemark] session/audit cleanup failed", err);
    }
  };
  holder2.__tidemarkAccountCleanup = setInterval(() => void cleanup(), 3_600_000);
  holder2.__tidemarkAccountCleanup.unref?.();
  await cleanup();
}
