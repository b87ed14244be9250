import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listAudit, parseAuditDetails, pruneAuditBefore, serializeDetails, writeAudit } from "./audit";
import { openTempDatabase } from "./testDb";

let db: PrismaClient;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openTempDatabase("audit")));
afterAll(() => close());

const T = 1_800_000_000_000n;

describe("audit log", () => {
  it("writes entries with JSON details (bigints as strings) and reads them back newest first", async () => {
    const e = await writeAudit(db, {
      actor: "alice",
      actorKind: "session",
      action: "group.rewind",
      target: "group:prod/orders",
      details: { toOffset: 123456789012345678n, queues: [0, 1] },
      ip: "10.0.0.1",
      outcome: "ok",
      atMs: T,
    });
    expect(e).toEqual({ id: e.id, atMs: T, actor: "alice", actorKind: "session", action: "group.rewind", target: "group:prod/orders", details: '{"toOffset":"123456789012345678","queues":[0,1]}', ip: "10.0.0.1", outcome: "ok" });
    expect(parseAuditDetails(e.details)).toEqual({ toOffset: "123456789012345678", queues: [0, 1] });
    expect(parseAuditDetails("not json")).toEqual({ unparsed: "not json" });
    await writeAudit(db, { actor: "anonymous", actorKind: "session", action: "auth.login", outcome: "denied", atMs: T + 1n });
    const page = await listAudit(db);
    expect(page.entries.map((x) => x.action)).toEqual(["auth.login", "group.rewind"]);
    expect(page.entries[0]).toMatchObject({ target: "", details: "{}", ip: null });
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 50 });
  });

  it("pages newest first and filters", async () => {
    for (let i = 0; i < 7; i++) {
      await writeAudit(db, { actor: i % 2 ? "bob" : "system", actorKind: i % 2 ? "token" : "system", action: "sampler.prune", details: { i }, outcome: i === 6 ? "error" : "ok", atMs: T + 10n + BigInt(i) });
    }
    // written out of time order: listed by time, not by insertion
    await writeAudit(db, { actor: "carol", actorKind: "auth-off", action: "user.create", outcome: "ok", atMs: T + 5n });
    const seen: bigint[] = [];
    for (let page = 1; page <= 3; page++) {
      const p = await listAudit(db, { page, pageSize: 4 });
      expect(p).toMatchObject({ total: 10, page, pageSize: 4 });
      expect(p.entries).toHaveLength(page < 3 ? 4 : 2);
      seen.push(...p.entries.map((e) => e.atMs));
    }
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(seen.indexOf(T + 5n)).toBe(7);
    expect((await listAudit(db, { page: 4, pageSize: 4 })).entries).toEqual([]);
    const bob = await listAudit(db, { actor: "bob" });
    expect(bob.entries.map((e) => parseAuditDetails(e.details).i)).toEqual([5, 3, 1]);
    expect(bob.total).toBe(3);
    expect((await listAudit(db, { outcome: "error" })).entries).toHaveLength(1);
    expect((await listAudit(db, { action: "sampler.prune", fromMs: T + 12n, toMs: T + 13n })).entries.map((e) => parseAuditDetails(e.details).i)).toEqual([3, 2]);
    await expect(writeAudit(db, { actor: "x", actorKind: "robot" as "system", action: "a", outcome: "ok" })).rejects.toThrow(/actorKind/);
  });

  it("caps oversized details and prunes old entries", async () => {
    expect(JSON.parse(serializeDetails({ blob: "x".repeat(10_000) }))).toMatchObject({ truncated: true });
    expect(await pruneAuditBefore(db, T + 10n)).toBe(3);
    expect((await listAudit(db, { pageSize: 500 })).total).toBe(7);
  });
});
