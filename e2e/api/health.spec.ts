import { expect, test } from "@playwright/test";

test("GET /api/health reports the process, its database and the configured clusters", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", database: { ok: true }, clusters: [] });
  expect(typeof body.version).toBe("string");
  expect(typeof body.uptimeSeconds).toBe("number");
});
