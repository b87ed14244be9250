import { expect, test } from "@playwright/test";

test("GET /api/health reports the process, its database and the clusters it watches (the sandbox here)", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  const body = (await res.json()) as { status: string; database: unknown; clusters: Array<{ name: string; sandbox: boolean; nameServers: string[] }>; version: unknown; uptimeSeconds: unknown };
  expect(body).toMatchObject({ status: "ok", database: { ok: true } });
  expect(body.clusters).toEqual([{ name: "sandbox", sandbox: true, nameServers: [expect.stringMatching(/^127\.0\.0\.1:\d+$/)] }]);
  expect(typeof body.version).toBe("string");
  expect(typeof body.uptimeSeconds).toBe("number");
  // the sampler runs in the console (every 2 s in this test server) and says when it last completed a cycle
  await expect
    .poll(async () => ((await (await request.get("/api/health")).json()) as { sampler: { running: boolean; intervalMs: number; cycles: number; lastError: string | null } }).sampler)
    .toMatchObject({ running: true, intervalMs: 2000, cycles: expect.any(Number), lastError: null });
  const { sampler } = (await (await request.get("/api/health")).json()) as { sampler: { cycles: number } };
  expect(sampler.cycles).toBeGreaterThan(0);
});

test("API errors are JSON with a code and an actionable message", async ({ request }) => {
  const missing = await request.get("/api/clusters/nope/groups");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: { code: "not_found", message: 'No cluster named "nope" is configured' } });
  const bad = await request.get("/api/clusters/sandbox/groups?sort=bogus");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^sort: /);
});
