import type { PrismaClient } from "@/lib/generated/prisma/client";
import { allows, isRole, toRole, type Role } from "@/lib/auth/roles";
import { generateToken, hashToken, isWellFormedToken, tokenDisplayPrefix } from "@/lib/auth/tokens";
import { AuthDataError, type UserRecord } from "./users";

/**
 * API tokens: the only place that reads or writes ApiToken. The token is shown once at creation; the row
 * keeps its sha256 and its first 8 characters (to tell tokens apart in lists).
 */

export interface ApiTokenRecord {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly createdAtMs: bigint;
  readonly lastUsedAtMs: bigint | null;
  readonly revokedAtMs: bigint | null;
}

export interface ApiTokenWithUser extends ApiTokenRecord {
  readonly user: UserRecord;
}

const now = () => BigInt(Date.now());

const recordSelect = { id: true, userId: true, name: true, prefix: true, role: true, createdAtMs: true, lastUsedAtMs: true, revokedAtMs: true } as const;
const userSelect = { id: true, username: true, role: true, disabled: true, createdAtMs: true, updatedAtMs: true } as const;

const toRecord = <T extends { role: string }>(r: T): T & { role: Role } => ({ ...r, role: toRole(r.role) });

/**
 * Creates a token for the user with `role`, which may not be higher than the user's own.
 * Returns the token (show it once, it is not stored) and the stored record.
 */
export async function createApiToken(
  db: PrismaClient,
  userId: number,
  name: string,
  role: Role,
  nowMs: bigint = now(),
): Promise<{ token: string; record: ApiTokenRecord }> {
  const label = name.trim();
  if (label === "" || label.length > 100) throw new AuthDataError("invalid_name", "A token needs a name of 1-100 characters");
  if (!isRole(role)) throw new AuthDataError("invalid_role", `"${String(role)}" is not a role; use viewer, operator or admin`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, username: true } });
  if (!user) throw new AuthDataError("not_found", `No user with id ${userId}`);
  const userRole = toRole(user.role);
  if (!allows(userRole, role)) throw new AuthDataError("role_too_high", `A token of ${user.username} can have at most the role ${userRole}`);
  const token = generateToken();
  const row = await db.apiToken.create({
    data: { userId, name: label, prefix: tokenDisplayPrefix(token), tokenHash: hashToken(token), role, createdAtMs: nowMs },
    select: recordSelect,
  });
  return { token, record: toRecord(row) };
}

/** The token's record and user; null when unknown or revoked. (The user may be disabled: the caller checks.) */
export async function findApiTokenByToken(db: PrismaClient, token: string): Promise<ApiTokenWithUser | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { ...recordSelect, user: { select: userSelect } } });
  if (!row || row.revokedAtMs !== null) return null;
  return { ...toRecord(row), user: toRecord(row.user) };
}

export async function markTokenUsed(db: PrismaClient, id: number, nowMs: bigint = now()): Promise<void> {
  await db.apiToken.updateMany({ where: { id }, data: { lastUsedAtMs: nowMs } });
}

/** A user's tokens, revoked ones included (revokedAtMs set), newest first. */
export async function listApiTokens(db: PrismaClient, userId: number): Promise<ApiTokenRecord[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, select: recordSelect, orderBy: [{ createdAtMs: "desc" }, { id: "desc" }] });
  return rows.map(toRecord);
}

/**
 * Revokes a token. With `userId`, only a token of that user (a user revoking their own); without, any
 * (an admin). True when a live token was revoked.
 */
export async function revokeApiToken(db: PrismaClient, id: number, userId?: number, nowMs: bigint = now()): Promise<boolean> {
  const res = await db.apiToken.updateMany({ where: { id, revokedAtMs: null, ...(userId === undefined ? {} : { userId }) }, data: { revokedAtMs: nowMs } });
  return res.count > 0;
}
