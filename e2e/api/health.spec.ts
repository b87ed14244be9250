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

test("an unknown group is a 404 naming it on the detail, clients and ProcessQueue routes (not an empty 200)", async ({ request }) => {
  for (const suffix of ["", "/clients", "/process-queues"]) {
    const res = await request.get(`/api/clusters/sandbox/groups/no-such-group${suffix}`);
    expect(res.status(), suffix || "detail").toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: 'No consumer group named "no-such-group" exists on sandbox' } });
  }
  // a real group that is offline (no clients) still answers 200 on every route
  for (const suffix of ["", "/clients", "/process-queues"]) {
    expect((await request.get(`/api/clusters/sandbox/groups/analytics-etl${suffix}`)).status(), suffix || "detail").toBe(200);
  }
});

test("the group list sorts by every column, topics, model and consume type included", async ({ request }) => {
  for (const sort of ["group", "topics", "model", "type", "lag", "retryLag", "lagTime", "consumeRate", "clients", "status", "age"]) {
    const rows = async (dir: string) => {
      const res = await request.get(`/api/clusters/sandbox/groups?sort=${sort}&dir=${dir}&pageSize=100`);
      expect(res.status(), sort).toBe(200);
      return ((await res.json()) as { rows: Array<{ group: string; topics: string[]; messageModel: string | null; consumerKind: string }> }).rows;
    };
    const asc = await rows("asc");
    expect(asc.length, sort).toBeGreaterThan(3);
    if (sort === "topics") expect(asc.map((r) => r.topics[0] ?? "")).toEqual(asc.map((r) => r.topics[0] ?? "").sort((a, b) => a.localeCompare(b)));
    if (sort === "type") {
      // the column shows the consumer kind, so it sorts by it (gRPC Simple and pull share CONSUME_ACTIVELY)
      const known = asc.map((r) => r.consumerKind).filter((k) => k !== "unknown");
      expect(known).toEqual([...known].sort((a, b) => a.localeCompare(b)));
      expect(known).toContain("grpc-simple");
      // unknown sorts before known ascending
      expect(asc.findIndex((r) => r.consumerKind !== "unknown")).toBeGreaterThanOrEqual(asc.filter((r) => r.consumerKind === "unknown").length);
    }
  }
});
