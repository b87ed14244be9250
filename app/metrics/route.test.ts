// GET /metrics through the real route wrapper and a real database: a scraper's API token, no credentials,
// and TIDEMARK_METRICS_PUBLIC. (Its values against a cluster: e2e/sandbox/metrics.sandbox.test.ts.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-metrics-route-"));
process.env.DATABASE_URL = `file:${path.join(dir, "t.db")}`;
process.env.TIDEMARK_AUTH = "on";
process.env.TIDEMARK_CLUSTERS = "";
delete process.env.TIDEMARK_METRICS_PUBLIC;

const { GET } = await import("./route");
const { appDatabase } = await import("@/lib/services/database");
const { hashPassword } = await import("@/lib/auth/passwords");
const { createUser } = await import("@/lib/data/users");
const { createApiToken, revokeApiToken } = await import("@/lib/data/tokens");
const { CONTENT_TYPE } = await import("@/lib/domain/prometheus");

let viewerToken = "";
let revokedToken = "";

beforeAll(async () => {
  const db = await appDatabase();
  const user = await createUser(db, { username: "scraper-owner", passwordHash: await hashPassword("scraper-owner-password"), role: "viewer" });
  viewerToken = (await createApiToken(db, user.id, "prometheus", "viewer")).token;
  const revoked = await createApiToken(db, user.id, "old", "viewer");
  revokedToken = revoked.token;
  await revokeApiToken(db, revoked.record.id, user.id);
});
afterEach(() => {
  delete process.env.TIDEMARK_METRICS_PUBLIC;
});
afterAll(async () => {
  await (await appDatabase()).$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scrape = (bearer?: string) => GET(new NextRequest("http://127.0.0.1:3000/metrics", { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }));

describe("GET /metrics", () => {
  it("a viewer's API token gets the text format, which parses", async () => {
    const res = await scrape(viewerToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(CONTENT_TYPE);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const families = parsePrometheusTextFormat(await res.text());
    // no cluster configured here and no sampler in this process
    expect(families.find((f) => f.name === "tidemark_sampler_enabled")?.metrics).toEqual([{ value: "0" }]);
    expect(families.find((f) => f.name === "rocketmq_group_diff")?.metrics).toEqual([]);
  });

  it("no token, or a revoked one: 401 JSON, not a redirect to the login page", async () => {
    for (const res of [await scrape(), await scrape(revokedToken), await scrape("tmk_not-a-token")]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("location")).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  it("TIDEMARK_METRICS_PUBLIC=true: anyone may scrape", async () => {
    process.env.TIDEMARK_METRICS_PUBLIC = "true";
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# HELP rocketmq_group_diff /);
    process.env.TIDEMARK_METRICS_PUBLIC = "false";
    expect((await scrape()).status).toBe(401);
  });
});
