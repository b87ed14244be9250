// The route wrapper's security: every role against every route class, unauthenticated, tokens and their
// scopes, expired sessions, the login throttle, cross-origin state changes. Real handlers, a real database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-route-auth-"));
process.env.DATABASE_URL = `file:${path.join(dir, "t.db")}`;
process.env.TIDEMARK_AUTH = "on";

const { z } = await import("zod");
const { route } = await import("./route");
const { appDatabase } = await import("@/lib/services/database");
const { hashPassword } = await import("@/lib/auth/passwords");
const { createUser, disableUser } = await import("@/lib/data/users");
const { createSession } = await import("@/lib/data/sessions");
const { createApiToken, revokeApiToken } = await import("@/lib/data/tokens");
const { listAudit } = await import("@/lib/data/audit");
const login = await import("@/app/api/auth/login/route");
const users = await import("@/app/api/users/route");
const tokens = await import("@/app/api/tokens/route");
const auditRoute = await import("@/app/api/audit/route");
const { auditListSchema } = await import("@/lib/schemas");
const { writeAudit } = await import("@/lib/data/audit");

const ORIGIN = "http://127.0.0.1:3000";
type Role = "viewer" | "operator" | "admin";
const cookieFor: Record<string, string> = {};
const ids: Record<string, number> = {};

// one route per class, as the real routes declare them
const read = route({ role: "viewer" }, () => ({ ok: "read" }));
const operate = route({ role: "operator", body: z.object({ x: z.number() }) }, ({ body }) => ({ ok: "operate", x: body.x }));
const admin = route({ role: "admin" }, () => ({ ok: "admin" }));

function req(method: string, url: string, o: { cookie?: string; bearer?: string; origin?: string | null; site?: string; body?: unknown; ip?: string } = {}) {
  const headers = new Headers({ host: "127.0.0.1:3000", "x-forwarded-for": o.ip ?? "10.0.0.1" });
  if (o.cookie) headers.set("cookie", `tidemark-session=${o.cookie}`);
  if (o.bearer) headers.set("authorization", `Bearer ${o.bearer}`);
  if (o.origin !== null && method !== "GET") headers.set("origin", o.origin ?? ORIGIN);
  if (o.site) headers.set("sec-fetch-site", o.site);
  if (o.body !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(`${ORIGIN}${url}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
}

beforeAll(async () => {
  const db = await appDatabase();
  for (const role of ["viewer", "operator", "admin"] as const) {
    const u = await createUser(db, { username: `${role}1`, passwordHash: await hashPassword(`${role}-password-123`), role });
    ids[role] = u.id;
    cookieFor[role] = (await createSession(db, u.id, 3_600_000, "10.0.0.1", "test")).token;
  }
});
afterAll(async () => {
  await (await appDatabase()).$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("each role against each route class", () => {
  const expected: Record<Role, Record<"read" | "operate" | "admin", number>> = {
    viewer: { read: 200, operate: 403, admin: 403 },
    operator: { read: 200, operate: 200, admin: 403 },
    admin: { read: 200, operate: 200, admin: 200 },
  };
  for (const role of ["viewer", "operator", "admin"] as const) {
    it(`${role}: read ${expected[role].read}, operate ${expected[role].operate}, admin ${expected[role].admin}`, async () => {
      expect((await read(req("GET", "/api/x", { cookie: cookieFor[role] }))).status).toBe(expected[role].read);
      expect((await operate(req("POST", "/api/x", { cookie: cookieFor[role], body: { x: 1 } }))).status).toBe(expected[role].operate);
      expect((await admin(req("GET", "/api/x", { cookie: cookieFor[role] }))).status).toBe(expected[role].admin);
    });
  }

  it("unauthenticated -> 401 with a clear message; a 403 names the role needed", async () => {
    const r = await read(req("GET", "/api/x"));
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: { code: "unauthorized", message: "Sign in first, or send an API token: Authorization: Bearer <token>" } });
    expect((await read(req("GET", "/api/x", { cookie: "tmk_" + "A".repeat(43) }))).status).toBe(401);
    const f = await admin(req("GET", "/api/x", { cookie: cookieFor.operator }));
    expect(((await f.json()) as { error: { message: string } }).error.message).toBe("This needs the admin role; operator1 is an operator");
  });
});

describe("sessions", () => {
  it("an expired session is refused", async () => {
    const db = await appDatabase();
    const s = await createSession(db, ids.admin!, 1_000, "10.0.0.1", "test", BigInt(Date.now() - 10_000));
    expect((await read(req("GET", "/api/x", { cookie: s.token }))).status).toBe(401);
  });

  it("a disabled user's session is refused", async () => {
    const db = await appDatabase();
    const u = await createUser(db, { username: "leaver", passwordHash: await hashPassword("leaver-password-123"), role: "admin" });
    const s = await createSession(db, u.id, 3_600_000, null, null);
    expect((await read(req("GET", "/api/x", { cookie: s.token }))).status).toBe(200);
    await disableUser(db, u.id);
    expect((await read(req("GET", "/api/x", { cookie: s.token }))).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("act with their scope (never above the owner's role), need no Origin, and stop when revoked", async () => {
    const db = await appDatabase();
    const t = await createApiToken(db, ids.admin!, "ci", "operator");
    expect((await read(req("GET", "/api/x", { bearer: t.token }))).status).toBe(200);
    expect((await operate(req("POST", "/api/x", { bearer: t.token, origin: null, body: { x: 2 } }))).status).toBe(200);
    expect((await admin(req("GET", "/api/x", { bearer: t.token }))).status).toBe(403);
    await revokeApiToken(db, t.record.id);
    expect((await read(req("GET", "/api/x", { bearer: t.token }))).status).toBe(401);
  });

  it("a viewer cannot mint an operator token; an admin token cannot mint tokens", async () => {
    const r = await tokens.POST(req("POST", "/api/tokens", { cookie: cookieFor.viewer, body: { name: "x", role: "operator" } }));
    expect(r.status).toBe(403);
    const ok = await tokens.POST(req("POST", "/api/tokens", { cookie: cookieFor.viewer, body: { name: "mine", role: "viewer" } }));
    expect(ok.status).toBe(201);
    const { token } = (await ok.json()) as { token: string };
    expect(token).toMatch(/^tmk_/);
    const list = (await (await tokens.GET(req("GET", "/api/tokens", { cookie: cookieFor.viewer }))).json()) as { tokens: { name: string; prefix: string }[] };
    expect(list.tokens.map((x) => x.name)).toContain("mine");
    expect(JSON.stringify(list)).not.toContain(token);
    const viaToken = await tokens.POST(req("POST", "/api/tokens", { bearer: token, origin: null, body: { name: "y", role: "viewer" } }));
    expect(viaToken.status).toBe(403);
  });
});

describe("cross-origin state changes", () => {
  it("are refused with the session cookie (CSRF), allowed from our own origin", async () => {
    const evil = await operate(req("POST", "/api/x", { cookie: cookieFor.admin, origin: "https://evil.example", body: { x: 3 } }));
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(/cross-origin request refused/);
    expect((await operate(req("POST", "/api/x", { cookie: cookieFor.admin, origin: null, site: "cross-site", body: { x: 3 } }))).status).toBe(403);
    expect((await operate(req("POST", "/api/x", { cookie: cookieFor.admin, origin: null, body: { x: 3 } }))).status).toBe(403);
    expect((await operate(req("POST", "/api/x", { cookie: cookieFor.admin, origin: null, site: "same-origin", body: { x: 3 } }))).status).toBe(200);
  });

  it("every state change is audited: who, what, from where, and the outcome", async () => {
    const db = await appDatabase();
    await users.POST(req("POST", "/api/users", { cookie: cookieFor.admin, ip: "192.0.2.7", body: { username: "newbie", password: "newbie-password-123", role: "viewer" } }));
    await users.POST(req("POST", "/api/users", { cookie: cookieFor.viewer, ip: "192.0.2.8", body: { username: "sneaky", password: "sneaky-password-123", role: "admin" } }));
    const { entries } = await listAudit(db, { page: 1, pageSize: 50 });
    expect(entries.find((e) => e.action === "user.create" && e.outcome === "ok")).toMatchObject({ actor: "admin1", ip: "192.0.2.7", target: "user:newbie" });
    expect(entries.find((e) => e.action === "user.create" && e.outcome === "ok")?.details).toBe('{"role":"viewer"}');
    expect(entries.find((e) => e.action === "user.create" && e.outcome === "denied")).toMatchObject({ actor: "viewer1", ip: "192.0.2.8" });
  });
});

describe("audit log API", () => {
  it("answers in its schema, including the console's own entries (no client address)", async () => {
    await writeAudit(await appDatabase(), { actor: "tidemark", actorKind: "system", action: "user.bootstrap", target: "user:admin", outcome: "ok", ip: null });
    const res = await auditRoute.GET(req("GET", "/api/audit?page=1&pageSize=200", { cookie: cookieFor.viewer }));
    expect(res.status).toBe(200);
    const body = auditListSchema.parse(await res.json());
    expect(body.entries.find((e) => e.action === "user.bootstrap")?.ip).toBe("");
  });
});

describe("login", () => {
  it("sets an httpOnly SameSite=Lax session cookie; wrong password and unknown user get the same answer", async () => {
    const ok = await login.POST(req("POST", "/api/auth/login", { ip: "198.51.100.1", body: { username: "operator1", password: "operator-password-123" } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/^tidemark-session=tmk_[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const wrong = await login.POST(req("POST", "/api/auth/login", { ip: "198.51.100.1", body: { username: "operator1", password: "nope" } }));
    const unknown = await login.POST(req("POST", "/api/auth/login", { ip: "198.51.100.1", body: { username: "nobody", password: "nope" } }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("is throttled per username with a clear message, and refuses a cross-origin form post", async () => {
    for (let i = 0; i < 5; i++) await login.POST(req("POST", "/api/auth/login", { ip: `203.0.113.${i}`, body: { username: "admin1", password: "wrong" } }));
    const limited = await login.POST(req("POST", "/api/auth/login", { ip: "203.0.113.99", body: { username: "admin1", password: "admin-password-123" } }));
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/^Too many failed sign-ins for this account or from this address: try again in \d+ minutes$/);
    const csrf = await login.POST(req("POST", "/api/auth/login", { origin: "https://evil.example", body: { username: "viewer1", password: "viewer-password-123" } }));
    expect(csrf.status).toBe(403);
  });
});
