import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashToken } from "@/lib/auth/tokens";
import { openTempDatabase } from "./testDb";
import { createApiToken, findApiTokenByToken, listApiTokens, markTokenUsed, revokeApiToken } from "./tokens";
import { createUser } from "./users";

let db: PrismaClient;
let close: () => Promise<void>;
let operator: number;
let other: number;
beforeAll(async () => {
  ({ db, close } = await openTempDatabase("tokens"));
  operator = (await createUser(db, { username: "ci", passwordHash: "x", role: "operator" })).id;
  other = (await createUser(db, { username: "other", passwordHash: "x", role: "admin" })).id;
});
afterAll(() => close());

const T = 1_800_000_000_000n;

describe("API tokens", () => {
  it("returns the token once and stores its hash and its first 8 characters", async () => {
    const { token, record } = await createApiToken(db, operator, "  deploy pipeline ", "viewer", T);
    expect(token).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({ id: record.id, userId: operator, name: "deploy pipeline", prefix: token.slice(0, 8), role: "viewer", createdAtMs: T, lastUsedAtMs: null, revokedAtMs: null });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(Object.values(row)).not.toContain(token);
    const found = await findApiTokenByToken(db, token);
    expect(found).toMatchObject({ id: record.id, role: "viewer", user: { id: operator, username: "ci", role: "operator" } });
    expect(found?.user).not.toHaveProperty("passwordHash");
  });

  it("refuses a role above the user's, an empty name and an unknown user", async () => {
    await expect(createApiToken(db, operator, "too much", "admin")).rejects.toMatchObject({ code: "role_too_high" });
    await expect(createApiToken(db, operator, "   ", "viewer")).rejects.toMatchObject({ code: "invalid_name" });
    await expect(createApiToken(db, 9999, "x", "viewer")).rejects.toMatchObject({ code: "not_found" });
    expect((await createApiToken(db, operator, "same", "operator", T)).record.role).toBe("operator");
  });

  it("records when a token was last used", async () => {
    const { token, record } = await createApiToken(db, operator, "used", "viewer", T);
    await markTokenUsed(db, record.id, T + 5_000n);
    expect((await findApiTokenByToken(db, token))?.lastUsedAtMs).toBe(T + 5_000n);
  });

  it("a revoked token is null; a user can revoke only their own", async () => {
    const { token, record } = await createApiToken(db, operator, "to revoke", "viewer", T);
    expect(await revokeApiToken(db, record.id, other)).toBe(false);
    expect(await findApiTokenByToken(db, token)).not.toBeNull();
    expect(await revokeApiToken(db, record.id, operator, T + 1n)).toBe(true);
    expect(await revokeApiToken(db, record.id)).toBe(false); // already revoked
    expect(await findApiTokenByToken(db, token)).toBeNull();
    expect(await findApiTokenByToken(db, "tmk_" + "x".repeat(43))).toBeNull();
    expect(await findApiTokenByToken(db, "not a token")).toBeNull();
    const list = await listApiTokens(db, operator);
    expect(list.find((t) => t.id === record.id)?.revokedAtMs).toBe(T + 1n);
    // newest first (same creation time: the later id first)
    expect(list.map((t) => t.name)).toEqual(["to revoke", "used", "same", "deploy pipeline"]);
    expect(list.some((t) => "tokenHash" in t)).toBe(false);
    expect(await listApiTokens(db, other)).toEqual([]);
  });
});
