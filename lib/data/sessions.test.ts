import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashToken } from "@/lib/auth/tokens";
import { createSession, deleteExpiredSessions, deleteSession, deleteUserSessions, findSessionByToken, listUserSessions, touchSession } from "./sessions";
import { openTempDatabase } from "./testDb";
import { createUser } from "./users";

let db: PrismaClient;
let close: () => Promise<void>;
let userId: number;
beforeAll(async () => {
  ({ db, close } = await openTempDatabase("sessions"));
  userId = (await createUser(db, { username: "alice", passwordHash: "x", role: "operator" })).id;
});
afterAll(() => close());

const T = 1_800_000_000_000n;
const HOUR = 3_600_000;

describe("sessions", () => {
  it("stores only the token's hash and finds the session (with its user) by token", async () => {
    const s = await createSession(db, userId, HOUR, "10.1.2.3", "Mozilla/5.0", T);
    expect(s.token).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
    expect(s.id).toBe(hashToken(s.token));
    expect(s.expiresAtMs).toBe(T + BigInt(HOUR));
    const rows = await db.session.findMany({ where: { userId } });
    expect(rows.map((r) => r.id)).toEqual([s.id]);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(s.token);
    const found = await findSessionByToken(db, s.token, T + 1n);
    expect(found).toMatchObject({ id: s.id, userId, ip: "10.1.2.3", userAgent: "Mozilla/5.0", createdAtMs: T, lastSeenAtMs: T, user: { username: "alice", role: "operator", disabled: false } });
    expect(found?.user).not.toHaveProperty("passwordHash");
  });

  it("an expired session is null", async () => {
    const s = await createSession(db, userId, HOUR, null, null, T);
    expect(await findSessionByToken(db, s.token, T + BigInt(HOUR) - 1n)).not.toBeNull();
    expect(await findSessionByToken(db, s.token, T + BigInt(HOUR))).toBeNull();
    expect(await findSessionByToken(db, s.token.slice(0, -1) + (s.token.endsWith("A") ? "B" : "A"), T)).toBeNull();
    expect(await findSessionByToken(db, "garbage", T)).toBeNull();
  });

  it("touching moves the expiry and records the address", async () => {
    const s = await createSession(db, userId, HOUR, "10.0.0.1", null, T);
    await touchSession(db, s.id, T + 30n * 60_000n, T + 30n * 60_000n + BigInt(HOUR), "10.0.0.2");
    const later = T + BigInt(HOUR) + 1n;
    expect(await findSessionByToken(db, s.token, later)).toMatchObject({ lastSeenAtMs: T + 30n * 60_000n, ip: "10.0.0.2" });
  });

  it("deletes one session (logout), all of a user's but one, and expired ones", async () => {
    const a = await createSession(db, userId, HOUR, null, null, T);
    const b = await createSession(db, userId, HOUR, null, null, T);
    expect(await deleteSession(db, a.token)).toBe(true);
    expect(await deleteSession(db, a.token)).toBe(false);
    expect(await findSessionByToken(db, a.token, T)).toBeNull();
    const live = await listUserSessions(db, userId, T);
    expect(live.map((s) => s.id)).toContain(b.id);
    expect(await deleteUserSessions(db, userId, b.id)).toBeGreaterThan(0);
    expect((await listUserSessions(db, userId, T)).map((s) => s.id)).toEqual([b.id]);
    expect(await deleteExpiredSessions(db, T + BigInt(HOUR))).toBe(1);
    expect(await db.session.count()).toBe(0);
  });
});
