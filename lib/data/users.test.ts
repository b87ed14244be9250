import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createSession, findSessionByToken } from "./sessions";
import { openTempDatabase } from "./testDb";
import { AuthDataError, countUsers, createUser, disableUser, enableUser, findUserById, findUserByUsername, listUsers, setPasswordHash, updateUserRole } from "./users";

let db: PrismaClient;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openTempDatabase("users")));
afterAll(() => close());

const T = 1_800_000_000_000n;

describe("users", () => {
  it("creates users with lowercased names and finds them case-insensitively", async () => {
    expect(await countUsers(db)).toBe(0);
    const u = await createUser(db, { username: "  Alice ", passwordHash: "scrypt$h1", role: "operator" }, T);
    expect(u).toEqual({ id: u.id, username: "alice", role: "operator", disabled: false, createdAtMs: T, updatedAtMs: T });
    expect(u).not.toHaveProperty("passwordHash");
    const found = await findUserByUsername(db, "ALICE");
    expect(found).toEqual({ ...u, passwordHash: "scrypt$h1" });
    expect(await findUserById(db, u.id)).toEqual(found);
    expect(await findUserByUsername(db, "nobody")).toBeNull();
    expect(await countUsers(db)).toBe(1);
  });

  it("refuses a taken username, an invalid username and an unknown role", async () => {
    await expect(createUser(db, { username: "alice", passwordHash: "x", role: "viewer" })).rejects.toMatchObject({ code: "username_taken" });
    await expect(createUser(db, { username: "bad name", passwordHash: "x", role: "viewer" })).rejects.toMatchObject({ code: "invalid_username" });
    await expect(createUser(db, { username: "", passwordHash: "x", role: "viewer" })).rejects.toBeInstanceOf(AuthDataError);
    await expect(createUser(db, { username: "x".repeat(65), passwordHash: "x", role: "viewer" })).rejects.toMatchObject({ code: "invalid_username" });
    // @ts-expect-error an unknown role from untyped input
    await expect(createUser(db, { username: "root", passwordHash: "x", role: "root" })).rejects.toMatchObject({ code: "invalid_role" });
  });

  it("lists users without password hashes, by name", async () => {
    await createUser(db, { username: "zoe", passwordHash: "x", role: "viewer" });
    await createUser(db, { username: "bob@example.com", passwordHash: "x", role: "admin" });
    const list = await listUsers(db);
    expect(list.map((u) => [u.username, u.role])).toEqual([
      ["alice", "operator"],
      ["bob@example.com", "admin"],
      ["zoe", "viewer"],
    ]);
    expect(list.some((u) => "passwordHash" in u)).toBe(false);
  });

  it("changes roles, but never leaves no enabled admin", async () => {
    const alice = (await findUserByUsername(db, "alice"))!;
    const bob = (await findUserByUsername(db, "bob@example.com"))!;
    expect(await updateUserRole(db, alice.id, "admin", T + 1n)).toMatchObject({ role: "admin", updatedAtMs: T + 1n });
    expect(await updateUserRole(db, bob.id, "viewer")).toMatchObject({ role: "viewer" });
    await expect(updateUserRole(db, alice.id, "operator")).rejects.toMatchObject({ code: "last_admin" });
    await expect(disableUser(db, alice.id)).rejects.toMatchObject({ code: "last_admin" });
    await expect(updateUserRole(db, 9999, "viewer")).rejects.toMatchObject({ code: "not_found" });
  });

  it("disabling ends the user's sessions; enabling lets them sign in again", async () => {
    const zoe = (await findUserByUsername(db, "zoe"))!;
    const s = await createSession(db, zoe.id, 60_000, "127.0.0.1", "test");
    expect(await findSessionByToken(db, s.token)).not.toBeNull();
    expect(await disableUser(db, zoe.id)).toMatchObject({ disabled: true });
    expect(await findSessionByToken(db, s.token)).toBeNull();
    expect(await enableUser(db, zoe.id)).toMatchObject({ disabled: false });
  });

  it("stores a new password hash", async () => {
    const zoe = (await findUserByUsername(db, "zoe"))!;
    await setPasswordHash(db, zoe.id, "scrypt$new", T + 5n);
    expect(await findUserById(db, zoe.id)).toMatchObject({ passwordHash: "scrypt$new", updatedAtMs: T + 5n });
    await expect(setPasswordHash(db, 9999, "x")).rejects.toMatchObject({ code: "not_found" });
  });

  it("deleting a user deletes their sessions and tokens (foreign keys cascade)", async () => {
    const u = await createUser(db, { username: "temp", passwordHash: "x", role: "viewer" });
    await createSession(db, u.id, 60_000, null, null);
    await db.apiToken.create({ data: { userId: u.id, name: "t", prefix: "tmk_abcd", tokenHash: "h".repeat(64), role: "viewer", createdAtMs: T } });
    await db.user.delete({ where: { id: u.id } });
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: u.id } })).toBe(0);
  });
});
