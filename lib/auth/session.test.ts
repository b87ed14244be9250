import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createSession } from "@/lib/data/sessions";
import { openTempDatabase } from "@/lib/data/testDb";
import { createApiToken, findApiTokenByToken, revokeApiToken } from "@/lib/data/tokens";
import { createUser, disableUser, enableUser, updateUserRole } from "@/lib/data/users";
import { authenticate, clearSessionCookie, isSecureRequest, readCookie, SESSION_ABSOLUTE_MS, SESSION_COOKIE, SESSION_IDLE_MS, sessionCookie, slidingExpiry } from "./session";

let db: PrismaClient;
let close: () => Promise<void>;
let alice: number;
let admin: number;
beforeAll(async () => {
  ({ db, close } = await openTempDatabase("authn"));
  alice = (await createUser(db, { username: "alice", passwordHash: "x", role: "operator" })).id;
  admin = (await createUser(db, { username: "root", passwordHash: "x", role: "admin" })).id;
});
afterAll(() => close());

const T = 1_800_000_000_000n;
const HOUR = 3_600_000n;
const IDLE = BigInt(SESSION_IDLE_MS);

describe("authenticate", () => {
  it("accepts a session cookie and slides its expiry (12 h idle)", async () => {
    expect(SESSION_IDLE_MS).toBe(12 * 3_600_000);
    expect(SESSION_ABSOLUTE_MS).toBe(7 * 24 * 3_600_000);
    const s = await createSession(db, alice, SESSION_IDLE_MS, "10.0.0.1", "ua", T);
    const p = await authenticate(db, { cookie: s.token, ip: "10.0.0.9" }, { nowMs: T + HOUR });
    expect(p).toMatchObject({ via: "session", role: "operator", sessionId: s.id, expiresAtMs: T + HOUR + IDLE, user: { id: alice, username: "alice" } });
    // the stored expiry moved: still valid 12 h after the last use, past the first expiry
    const later = await authenticate(db, { cookie: s.token }, { nowMs: T + IDLE + HOUR / 2n });
    expect(later?.via).toBe("session");
    const row = await db.session.findUniqueOrThrow({ where: { id: s.id } });
    // the address is the last one seen (the second call had none: kept)
    expect(row).toMatchObject({ lastSeenAtMs: T + IDLE + HOUR / 2n, ip: "10.0.0.9" });
  });

  it("an expired session (idle too long) is anonymous", async () => {
    const s = await createSession(db, alice, SESSION_IDLE_MS, null, null, T);
    expect(await authenticate(db, { cookie: s.token }, { nowMs: T + IDLE })).toBeNull();
  });

  it("a session ends at its absolute lifetime however active it is", async () => {
    const s = await createSession(db, alice, SESSION_IDLE_MS, null, null, T);
    const week = BigInt(SESSION_ABSOLUTE_MS);
    for (let t = T; t < T + week; t += 10n * HOUR) expect(await authenticate(db, { cookie: s.token }, { nowMs: t }), String(t - T)).not.toBeNull();
    const last = await authenticate(db, { cookie: s.token }, { nowMs: T + week - 1n });
    expect(last?.expiresAtMs).toBe(T + week);
    expect(await authenticate(db, { cookie: s.token }, { nowMs: T + week })).toBeNull();
    expect(slidingExpiry(T, T + week - HOUR)).toBe(T + week);
    expect(slidingExpiry(T, T + HOUR, { idleMs: 60_000 })).toBe(T + HOUR + 60_000n);
  });

  it("accepts a bearer token, with the token's role, and records its use", async () => {
    const { token, record } = await createApiToken(db, alice, "ci", "viewer", T);
    const p = await authenticate(db, { authorization: `Bearer ${token}`, cookie: null }, { nowMs: T + 1_000n });
    expect(p).toMatchObject({ via: "token", role: "viewer", tokenId: record.id, user: { username: "alice", role: "operator" } });
    expect((await findApiTokenByToken(db, token))?.lastUsedAtMs).toBe(T + 1_000n);
    // not rewritten on every request
    await authenticate(db, { authorization: `Bearer ${token}` }, { nowMs: T + 2_000n });
    expect((await findApiTokenByToken(db, token))?.lastUsedAtMs).toBe(T + 1_000n);
  });

  it("a token acts with at most its owner's current role", async () => {
    const { token } = await createApiToken(db, admin, "admin token", "admin", T);
    expect((await authenticate(db, { authorization: `Bearer ${token}` }))?.role).toBe("admin");
    await updateUserRole(db, alice, "admin");
    await updateUserRole(db, admin, "viewer");
    expect((await authenticate(db, { authorization: `Bearer ${token}` }))?.role).toBe("viewer");
    await updateUserRole(db, admin, "admin");
    await updateUserRole(db, alice, "operator");
  });

  it("a Bearer header is used alone: a bad token does not fall back to the cookie", async () => {
    const s = await createSession(db, alice, SESSION_IDLE_MS, null, null);
    expect(await authenticate(db, { cookie: s.token, authorization: "Bearer tmk_" + "A".repeat(43) })).toBeNull();
    expect(await authenticate(db, { cookie: s.token, authorization: "Basic Zm9vOmJhcg==" })).toMatchObject({ via: "session" });
  });

  it("revoked tokens, unknown or malformed credentials, and no credentials are anonymous", async () => {
    const { token, record } = await createApiToken(db, alice, "gone", "viewer");
    await revokeApiToken(db, record.id);
    expect(await authenticate(db, { authorization: `Bearer ${token}` })).toBeNull();
    expect(await authenticate(db, { cookie: "tmk_" + "B".repeat(43) })).toBeNull();
    expect(await authenticate(db, { cookie: "nonsense" })).toBeNull();
    expect(await authenticate(db, { authorization: "Bearer nonsense" })).toBeNull();
    expect(await authenticate(db, {})).toBeNull();
  });

  it("a disabled user is anonymous by session and by token", async () => {
    const u = await createUser(db, { username: "mallory", passwordHash: "x", role: "operator" });
    const { token } = await createApiToken(db, u.id, "t", "operator");
    const s = await createSession(db, u.id, SESSION_IDLE_MS, null, null);
    expect(await authenticate(db, { cookie: s.token })).not.toBeNull();
    expect(await authenticate(db, { authorization: `Bearer ${token}` })).not.toBeNull();
    await disableUser(db, u.id);
    expect(await authenticate(db, { authorization: `Bearer ${token}` })).toBeNull();
    expect(await authenticate(db, { cookie: s.token })).toBeNull();
    // even a session row that survived (disableUser deletes them; a race could leave one)
    await enableUser(db, u.id);
    const s2 = await createSession(db, u.id, SESSION_IDLE_MS, null, null);
    await db.user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await authenticate(db, { cookie: s2.token })).toBeNull();
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, with Max-Age, Secure only over https", () => {
    const token = "tmk_" + "C".repeat(43);
    expect(sessionCookie(token, { secure: false })).toBe(`tidemark-session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800`);
    expect(sessionCookie(token, { secure: true, maxAgeMs: 3_600_000 })).toBe(`tidemark-session=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure`);
    expect(clearSessionCookie({ secure: true })).toBe("tidemark-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
  });

  it("knows an https request, directly or behind a proxy", () => {
    const req = (url: string, headers: Record<string, string> = {}) => ({ url, headers: new Headers(headers) });
    expect(isSecureRequest(req("https://console.example/api/login"))).toBe(true);
    expect(isSecureRequest(req("http://127.0.0.1:3000/api/login"))).toBe(false);
    expect(isSecureRequest(req("http://127.0.0.1:3000/api/login", { "x-forwarded-proto": "https" }))).toBe(true);
    expect(isSecureRequest(req("http://127.0.0.1:3000/api/login", { "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(isSecureRequest(req("https://x/api", { "x-forwarded-proto": "http" }))).toBe(false);
  });

  it("is read from a Cookie header", () => {
    expect(SESSION_COOKIE).toBe("tidemark-session");
    expect(readCookie("a=1; tidemark-session=tmk_x; b=2")).toBe("tmk_x");
    expect(readCookie('tidemark-session="tmk_y"')).toBe("tmk_y");
    expect(readCookie("tidemark-sessionx=1; a=2")).toBeNull();
    expect(readCookie(null)).toBeNull();
  });
});
