import { describe, expect, it } from "vitest";
import { parseRouteRoles, routePathOf, routeRolesTable, topLevelText } from "./routeRoles";

const FIXTURE = `
import { z } from "zod";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// export const PUT = route({ role: "admin" }) -- a comment, not an export... but the scanner sees it
/** Reads. */
export const GET = route({ params: groupParams }, ({ params }) => getGroupDetail(params.cluster, params.group));

export const POST = route(
  {
    params: groupParams,
    // the body has a field called role: it is not the route's role
    body: z.object({ role: z.enum(["viewer", "admin"]), name: z.string() }),
    role: "operator",
  },
  async ({ params, body }) => rewind(params, body),
);

export const DELETE = route({ role: 'admin', params: z.object({ id: z.coerce.number() }) }, () => remove());
export const PATCH = route({ role: ROUTE_CLASS_ROLE.operate }, () => 1);
export const OPTIONS = route(spec, () => 1);
export async function HEAD() { return new Response(null); }
`;

describe("route roles parser", () => {
  it("reads the declared role of each exported method, defaults, and what it cannot read", () => {
    const rows = parseRouteRoles(FIXTURE.replace(/^\/\/ export const PUT.*$/m, ""));
    expect(rows).toEqual([
      { method: "GET", role: "viewer", source: "default" },
      { method: "POST", role: "operator", source: "declared" },
      { method: "DELETE", role: "admin", source: "declared" },
      { method: "PATCH", role: null, source: "unreadable", note: "role is not a string literal: ROUTE_CLASS_ROLE.operate" },
      { method: "OPTIONS", role: null, source: "unreadable", note: "the spec is not an object literal" },
      { method: "HEAD", role: null, source: "unreadable", note: "not wrapped in route()" },
    ]);
  });

  it("defaults a missing role by method, and reads public and unknown roles", () => {
    expect(parseRouteRoles(`export const POST = route({ body }, h);`)).toEqual([{ method: "POST", role: "operator", source: "default" }]);
    expect(parseRouteRoles(`export const GET = route({ role: "public" }, h);`)).toEqual([{ method: "GET", role: "public", source: "declared" }]);
    expect(parseRouteRoles(`export const GET = route({ "role": "root" }, h);`)[0]).toMatchObject({ role: null, note: 'unknown role "root"' });
    expect(parseRouteRoles(`export const GET = route({ role }, h);`)[0]).toMatchObject({ role: null, note: "role is not a string literal" });
    expect(parseRouteRoles(`export const GET = route({ params: z.object({ role: "admin" }) }, h);`)).toEqual([{ method: "GET", role: "viewer", source: "default" }]);
    expect(parseRouteRoles(`export const GET = route({ note: "role: 'admin'" }, h);`)).toEqual([{ method: "GET", role: "viewer", source: "default" }]);
    expect(parseRouteRoles(`export const dynamic = "force-dynamic";`)).toEqual([]);
  });

  it("keeps only the object's own level of text", () => {
    expect(topLevelText(`{ a: z.object({ role: 1 }), /* role: "x" */ b: "}", c: [1, { d }] }`, 0)).toBe(`{ a: z.object, b: "}", c:  }`);
  });

  it("names routes from their file and prints a markdown table", () => {
    expect(routePathOf("app/api/clusters/[cluster]/groups/[group]/route.ts")).toBe("/api/clusters/[cluster]/groups/[group]");
    expect(routePathOf("app/(console)/api/health/route.ts")).toBe("/api/health");
    expect(routePathOf("app\\api\\users\\route.ts")).toBe("/api/users");
    const table = routeRolesTable([
      { route: "/api/users", method: "POST", role: "admin", source: "declared" },
      { route: "/api/health", method: "GET", role: "public", source: "declared" },
      { route: "/api/users", method: "GET", role: "viewer", source: "default" },
      { route: "/api/x", method: "PUT", role: null, source: "unreadable", note: "a | b" },
    ]);
    expect(table).toBe(
      [
        "| Route | Method | Role |",
        "| --- | --- | --- |",
        "| `/api/health` | GET | public |",
        "| `/api/users` | GET | viewer (default) |",
        "| `/api/users` | POST | admin |",
        "| `/api/x` | PUT | ? (a \\| b) |",
      ].join("\n"),
    );
  });
});
