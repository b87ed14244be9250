import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listAudit } from "@/lib/data/audit";
import { openTempDatabase } from "@/lib/data/testDb";
import { countUsers, findUserByUsername } from "@/lib/data/users";
import { ensureAdmin, generatePassword } from "./bootstrap";
import { verifyPassword } from "./passwords";

let db: PrismaClient;
let close: () => Promise<void>;
beforeEach(async () => ({ db, close } = await openTempDatabase("bootstrap")));
afterEach(() => close());

describe("ensureAdmin", () => {
  it("creates admin once with a random 20-character password, printed once", async () => {
    const lines: string[] = [];
    const res = await ensureAdmin(db, {}, (l) => lines.push(l));
    expect(res).toEqual({ created: true, username: "admin", passwordFrom: "generated" });
    expect(lines).toHaveLength(1);
    const m = /^Tidemark first start: created user admin with password (\S+) — change it$/.exec(lines[0]!);
    expect(m).not.toBeNull();
    const password = m![1]!;
    expect(password).toHaveLength(20);
    const admin = await findUserByUsername(db, "admin");
    expect(admin).toMatchObject({ role: "admin", disabled: false });
    expect(await verifyPassword(password, admin!.passwordHash)).toBe(true);
    expect((await listAudit(db)).entries).toEqual([expect.objectContaining({ actor: "system", actorKind: "system", action: "user.bootstrap", outcome: "ok" })]);

    expect(await ensureAdmin(db, {}, (l) => lines.push(l))).toEqual({ created: false });
    expect(await ensureAdmin(db, { TIDEMARK_ADMIN_PASSWORD: "another long password" }, (l) => lines.push(l))).toEqual({ created: false });
    expect(lines).toHaveLength(1);
    expect(await countUsers(db)).toBe(1);
  });

  it("uses TIDEMARK_ADMIN_PASSWORD when set, without printing it", async () => {
    const lines: string[] = [];
    const pw = "a long enough admin password";
    expect(await ensureAdmin(db, { TIDEMARK_ADMIN_PASSWORD: pw }, (l) => lines.push(l))).toEqual({ created: true, username: "admin", passwordFrom: "env" });
    expect(await verifyPassword(pw, (await findUserByUsername(db, "admin"))!.passwordHash)).toBe(true);
    expect(lines.join("\n")).not.toContain(pw);
    expect(lines.join("\n")).toMatch(/TIDEMARK_ADMIN_PASSWORD/);
  });

  it("refuses a TIDEMARK_ADMIN_PASSWORD that breaks the policy, and creates nothing", async () => {
    await expect(ensureAdmin(db, { TIDEMARK_ADMIN_PASSWORD: "short" }, () => {})).rejects.toThrow(/TIDEMARK_ADMIN_PASSWORD: The password must be at least 12 characters/);
    expect(await countUsers(db)).toBe(0);
  });

  it("two processes starting together create one admin", async () => {
    const results = await Promise.all([ensureAdmin(db, {}, () => {}), ensureAdmin(db, {}, () => {})]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countUsers(db)).toBe(1);
  });
});

describe("generatePassword", () => {
  it("makes distinct passwords without look-alike characters", () => {
    const ps = Array.from({ length: 50 }, () => generatePassword());
    expect(new Set(ps).size).toBe(50);
    for (const p of ps) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});
