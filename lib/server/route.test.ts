import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError } from "./errors";
import { route } from "./route";

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

describe("route()", () => {
  it("validates params and query and returns the handler's JSON", async () => {
    const GET = route(
      { role: "public", params: z.object({ cluster: z.string().min(1) }), query: z.object({ limit: z.coerce.number().int().max(100) }) },
      ({ params, query }) => ({ cluster: params.cluster, limit: query.limit }),
    );
    const res = await GET(new NextRequest("http://127.0.0.1/api/x?limit=5"), ctx({ cluster: "prod" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cluster: "prod", limit: 5 });
  });

  it("accepts a static route that Next calls without params", async () => {
    const GET = route({ role: "public" }, () => ({ ok: true }));
    expect((await GET(new NextRequest("http://127.0.0.1/api/health"), { params: Promise.resolve(undefined) })).status).toBe(200);
    expect((await GET(new NextRequest("http://127.0.0.1/api/health"))).status).toBe(200);
  });

  it("maps a ZodError to 400 with the failing field", async () => {
    const GET = route({ role: "public", query: z.object({ limit: z.coerce.number().int().max(100) }) }, () => ({}));
    const res = await GET(new NextRequest("http://127.0.0.1/api/x?limit=500"), ctx());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/^limit: /);
  });

  it("rejects a body that is not JSON", async () => {
    const POST = route({ role: "public", audit: false, body: z.object({ a: z.number() }) }, () => ({}));
    const res = await POST(new NextRequest("http://127.0.0.1/api/x", { method: "POST", body: "{", headers: { origin: "http://127.0.0.1", host: "127.0.0.1" } }), ctx());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
  });

  it("maps ApiError to its status", async () => {
    const GET = route({ role: "public" }, () => {
      throw new ApiError("conflict", "offsets drifted");
    });
    const res = await GET(new NextRequest("http://127.0.0.1/api/x"), ctx());
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "offsets drifted" } });
  });

  it("sends a Response returned by the handler as is (e.g. text), not as JSON", async () => {
    const GET = route({ role: "public" }, () => new Response("a_metric 1\n", { status: 200, headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "X-Kept": "yes" } }));
    const res = await GET(new NextRequest("http://127.0.0.1/metrics"), ctx());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("x-kept")).toBe("yes");
    expect(await res.text()).toBe("a_metric 1\n");
  });

  it("publicWhen makes a route public for the requests where it returns true, checked each time", async () => {
    let open = false;
    const GET = route({ role: "viewer", publicWhen: () => open }, ({ caller }) => ({ caller: caller?.username ?? null }));
    const denied = await GET(new NextRequest("http://127.0.0.1/metrics"), ctx());
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    open = true;
    const allowed = await GET(new NextRequest("http://127.0.0.1/metrics"), ctx());
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ caller: null });
    open = false;
    expect((await GET(new NextRequest("http://127.0.0.1/metrics"), ctx())).status).toBe(401);
  });

  it("hides internals of unexpected errors", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const GET = route({ role: "public" }, () => {
      throw new Error("ECONNREFUSED 10.1.2.3 secret");
    });
    const res = await GET(new NextRequest("http://127.0.0.1/api/x"), ctx());
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toMatch(/secret/);
    log.mockRestore();
  });
});
