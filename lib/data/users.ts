import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { isRole, toRole, type Role } from "@/lib/auth/roles";

/**
 * Console users: the only place that reads or writes User. Password hashing is the caller's
 * (lib/auth/passwords.ts); this stores the encoded hash. Usernames are trimmed and lowercased.
 */

export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAtMs: bigint;
  readonly updatedAtMs: bigint;
}

export interface UserWithHash extends UserRecord {
  readonly passwordHash: string;
}

export type AuthDataErrorCode = "invalid_username" | "username_taken" | "not_found" | "last_admin" | "invalid_role" | "role_too_high" | "invalid_name";

/** A refused change, with a code the route maps to a status (not_found -> 404, the rest -> 400/409). */
export class AuthDataError extends Error {
  override readonly name = "AuthDataError";
  constructor(
    readonly code: AuthDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** 1-64 chars: lowercase letters, digits, '_', '.', '@', '-'; starting with a letter or digit. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9_.@-]{0,63}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

const now = () => BigInt(Date.now());

const publicSelect = { id: true, username: true, role: true, disabled: true, createdAtMs: true, updatedAtMs: true } as const;
const fullSelect = { ...publicSelect, passwordHash: true } as const;

type PublicRow = Prisma.UserGetPayload<{ select: typeof publicSelect }>;
type FullRow = Prisma.UserGetPayload<{ select: typeof fullSelect }>;

const toRecord = (r: PublicRow): UserRecord => ({ ...r, role: toRole(r.role) });
const toFull = (r: FullRow): UserWithHash => ({ ...r, role: toRole(r.role) });

function checkRole(role: string): asserts role is Role {
  if (!isRole(role)) throw new AuthDataError("invalid_role", `"${role}" is not a role; use viewer, operator or admin`);
}

export async function createUser(db: PrismaClient, input: { username: string; passwordHash: string; role: Role }, nowMs: bigint = now()): Promise<UserRecord> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_RE.test(username)) {
    throw new AuthDataError("invalid_username", "A username is 1-64 characters: letters, digits, '_', '.', '@' or '-', starting with a letter or digit");
  }
  checkRole(input.role);
  try {
    const row = await db.user.create({
      data: { username, passwordHash: input.passwordHash, role: input.role, disabled: false, createdAtMs: nowMs, updatedAtMs: nowMs },
      select: publicSelect,
    });
    return toRecord(row);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AuthDataError("username_taken", `The username "${username}" is taken`);
    }
    throw err;
  }
}

/** The user (with the password hash, for login) or null. The lookup is case-insensitive. */
export async function findUserByUsername(db: PrismaClient, username: string): Promise<UserWithHash | null> {
  const row = await db.user.findUnique({ where: { username: normalizeUsername(username) }, select: fullSelect });
  return row ? toFull(row) : null;
}

export async function findUserById(db: PrismaClient, id: number): Promise<UserWithHash | null> {
  const row = await db.user.findUnique({ where: { id }, select: fullSelect });
  return row ? toFull(row) : null;
}

/** Every user (no password hashes), by username. */
export async function listUsers(db: PrismaClient): Promise<UserRecord[]> {
  const rows = await db.user.findMany({ select: publicSelect, orderBy: { username: "asc" } });
  return rows.map(toRecord);
}

export async function countUsers(db: PrismaClient): Promise<number> {
  return db.user.count();
}

type Tx = Prisma.TransactionClient;

async function mustFind(tx: Tx, id: number): Promise<PublicRow> {
  const row = await tx.user.findUnique({ where: { id }, select: publicSelect });
  if (!row) throw new AuthDataError("not_found", `No user with id ${id}`);
  return row;
}

/** Refuses a change that would leave no enabled admin (nobody could manage users any more). */
async function keepAnAdmin(tx: Tx, row: PublicRow): Promise<void> {
  if (row.role !== "admin" || row.disabled) return;
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: row.id } } });
  if (others === 0) throw new AuthDataError("last_admin", `${row.username} is the last enabled admin: make another user admin first`);
}

/** Changes a user's role. Refused for the last enabled admin. */
export async function updateUserRole(db: PrismaClient, id: number, role: Role, nowMs: bigint = now()): Promise<UserRecord> {
  checkRole(role);
  return db.$transaction(async (tx) => {
    const row = await mustFind(tx, id);
    if (row.role === role) return toRecord(row);
    if (role !== "admin") await keepAnAdmin(tx, row);
    return toRecord(await tx.user.update({ where: { id }, data: { role, updatedAtMs: nowMs }, select: publicSelect }));
  });
}

/** Disables a user and ends their sessions (their API tokens stop working too: authenticate checks the user). */
export async function disableUser(db: PrismaClient, id: number, nowMs: bigint = now()): Promise<UserRecord> {
  return db.$transaction(async (tx) => {
    const row = await mustFind(tx, id);
    if (row.disabled) return toRecord(row);
    await keepAnAdmin(tx, row);
    await tx.session.deleteMany({ where: { userId: id } });
    return toRecord(await tx.user.update({ where: { id }, data: { disabled: true, updatedAtMs: nowMs }, select: publicSelect }));
  });
}

export async function enableUser(db: PrismaClient, id: number, nowMs: bigint = now()): Promise<UserRecord> {
  return db.$transaction(async (tx) => {
    const row = await mustFind(tx, id);
    if (!row.disabled) return toRecord(row);
    return toRecord(await tx.user.update({ where: { id }, data: { disabled: false, updatedAtMs: nowMs }, select: publicSelect }));
  });
}

/** Stores a new password hash (the caller checked the policy and hashed it). Sessions are left to the caller. */
export async function setPasswordHash(db: PrismaClient, id: number, passwordHash: string, nowMs: bigint = now()): Promise<UserRecord> {
  try {
    return toRecord(await db.user.update({ where: { id }, data: { passwordHash, updatedAtMs: nowMs }, select: publicSelect }));
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") throw new AuthDataError("not_found", `No user with id ${id}`);
    throw err;
  }
}
