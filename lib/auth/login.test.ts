import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listAudit, parseAuditDetails } from "@/lib/data/audit";
import { openTempDatabase } from "@/lib/data/testDb";
import { createUser, disableUser, findUserByUsername } from "@/lib/data/users";
import { login } from "./login";
import { hashPassword } from "./passwords";
import { LoginRateLimiter } from "./rateLimit";
import { authenticate, SESSION_ABSOLUTE_MS } from "./session";

let db: PrismaClient;
let close: () => Promise<void>;
const PW = "the right password";
beforeAll(async () => {
  ({ db, close } = await openTempDatabase("login"));
  const hash = await hashPassword(PW);
  await createUser(db, { username: "alice", passwordHash: hash, role: "operator" });
  await createUser(db, { username: "dora", passwordHash: hash, role: "viewer" });
  // a hash made with older (cheaper) parameters
  await createUser(db, { username: "old", passwordHash: "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", role: "viewer" });
});
afterAll(() => close());

describe("login", () => {
  it("signs in with the right password: a session that authenticates, audited without the password", async () => {
    const res = await login(db, new LoginRateLimiter(), { username: "Alice", password: PW, ip: "10.0.0.1", userAgent: "test" });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.user).toMatchObject({ username: "alice", role: "operator" });
    expect(res.user).not.toHaveProperty("passwordHash");
    expect(res.cookieMaxAgeMs).toBe(SESSION_ABSOLUTE_MS);
    expect(await authenticate(db, { cookie: res.token })).toMatchObject({ via: "session", user: { username: "alice" } });
    const [entry] = (await listAudit(db, { action: "auth.login" })).entries;
    expect(entry).toMatchObject({ actor: "alice", outcome: "ok", ip: "10.0.0.1", target: "user:alice" });
    expect(JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PW);
  });

  it("answers the same for a wrong password, an unknown user and a disabled user", async () => {
    const limiter = new LoginRateLimiter();
    expect(await login(db, limiter, { username: "alice", password: "wrong password!" })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await login(db, limiter, { username: "nobody", password: PW })).toEqual({ ok: false, reason: "invalid_credentials" });
    await disableUser(db, (await findUserByUsername(db, "dora"))!.id);
    expect(await login(db, limiter, { username: "dora", password: PW })).toEqual({ ok: false, reason: "invalid_credentials" });
    const denied = (await listAudit(db, { action: "auth.login", outcome: "denied" })).entries;
    expect(denied.map((e) => [e.actor, parseAuditDetails(e.details).reason])).toEqual([
      ["anonymous", "disabled"],
      ["anonymous", "unknown_user"],
      ["anonymous", "wrong_password"],
    ]);
  });

  it("is throttled after 5 failures for a username, even with the right password, and a success clears it", async () => {
    let t = 0;
    const limiter = new LoginRateLimiter({}, () => t);
    for (let i = 0; i < 5; i++) await login(db, limiter, { username: "alice", password: "nope nope nope", ip: `10.0.1.${i}` });
    const blocked = await login(db, limiter, { username: "alice", password: PW, ip: "10.0.2.1" });
    expect(blocked).toEqual({ ok: false, reason: "rate_limited", retryAfterMs: 15 * 60_000 });
    t += 15 * 60_000;
    expect((await login(db, limiter, { username: "alice", password: PW, ip: "10.0.2.1" })).ok).toBe(true);
    expect(limiter.users.count("alice")).toBe(0);
  });

  it("re-hashes a password stored with older parameters after a good login", async () => {
    // the stored hash is not of PW; plant a real old-parameter hash first
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync(PW, salt, 32, { N: 16384, r: 8, p: 1 });
    const old = (await findUserByUsername(db, "old"))!;
    await db.user.update({ where: { id: old.id }, data: { passwordHash: `scrypt$16384$8$1$${salt.toString("base64")}$${key.toString("base64")}` } });
    expect((await login(db, new LoginRateLimiter(), { username: "old", password: PW })).ok).toBe(true);
    expect((await findUserByUsername(db, "old"))!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});
