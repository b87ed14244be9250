import type { PrismaClient } from "@/lib/generated/prisma/client";
import { generateToken, hashToken, isWellFormedToken } from "@/lib/auth/tokens";
import { toRole } from "@/lib/auth/roles";
import type { UserRecord } from "./users";

/**
 * Browser sessions: the only place that reads or writes Session. The token goes to the browser once (in
 * the cookie); the row's id is its sha256, so the table alone does not give working sessions.
 * Expiry policy (idle and absolute) is lib/auth/session.ts's; here expiresAtMs is stored and enforced.
 */

export interface SessionRecord {
  /** sha256 of the token */
  readonly id: string;
  readonly userId: number;
  readonly createdAtMs: bigint;
  readonly expiresAtMs: bigint;
  readonly lastSeenAtMs: bigint;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface SessionWithUser extends SessionRecord {
  readonly user: UserRecord;
}

const now = () => BigInt(Date.now());
const clip = (s: string | null | undefined, max: number) => (s ? s.slice(0, max) : null);

/** A new session for the user; `token` is for the cookie and is not stored. */
export async function createSession(
  db: PrismaClient,
  userId: number,
  ttlMs: number,
  ip: string | null | undefined,
  userAgent: string | null | undefined,
  nowMs: bigint = now(),
): Promise<{ token: string; id: string; expiresAtMs: bigint }> {
  const token = generateToken();
  const id = hashToken(token);
  const expiresAtMs = nowMs + BigInt(Math.round(ttlMs));
  await db.session.create({ data: { id, userId, createdAtMs: nowMs, expiresAtMs, lastSeenAtMs: nowMs, ip: clip(ip, 64), userAgent: clip(userAgent, 512) } });
  return { token, id, expiresAtMs };
}

const userSelect = { id: true, username: true, role: true, disabled: true, createdAtMs: true, updatedAtMs: true } as const;

/** The live session of a token, with its user; null when unknown or expired (expiresAtMs <= now). */
export async function findSessionByToken(db: PrismaClient, token: string, nowMs: bigint = now()): Promise<SessionWithUser | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db.session.findUnique({ where: { id: hashToken(token) }, include: { user: { select: userSelect } } });
  if (!row || row.expiresAtMs <= nowMs) return null;
  return { ...row, user: { ...row.user, role: toRole(row.user.role) } };
}

/** Records activity on a session: last seen now (from `ip`), expiring at `expiresAtMs`. */
export async function touchSession(db: PrismaClient, id: string, nowMs: bigint, expiresAtMs: bigint, ip?: string | null): Promise<void> {
  await db.session.updateMany({ where: { id }, data: { lastSeenAtMs: nowMs, expiresAtMs, ...(ip ? { ip: clip(ip, 64) } : {}) } });
}

/** Ends the session of a token (logout). True when there was one. */
export async function deleteSession(db: PrismaClient, token: string): Promise<boolean> {
  const res = await db.session.deleteMany({ where: { id: hashToken(token) } });
  return res.count > 0;
}

/** Ends every session of a user, except optionally one (e.g. the one changing the password). */
export async function deleteUserSessions(db: PrismaClient, userId: number, exceptId?: string): Promise<number> {
  const res = await db.session.deleteMany({ where: { userId, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) } });
  return res.count;
}

/** A user's live sessions, most recently seen first. */
export async function listUserSessions(db: PrismaClient, userId: number, nowMs: bigint = now()): Promise<SessionRecord[]> {
  return db.session.findMany({ where: { userId, expiresAtMs: { gt: nowMs } }, orderBy: { lastSeenAtMs: "desc" } });
}

/** Deletes sessions that have expired (housekeeping; expired sessions never authenticate anyway). */
export async function deleteExpiredSessions(db: PrismaClient, nowMs: bigint = now()): Promise<number> {
  const res = await db.session.deleteMany({ where: { expiresAtMs: { lte: nowMs } } });
  return res.count;
}
