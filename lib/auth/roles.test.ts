import { describe, expect, it } from "vitest";
import { allows, defaultRouteRole, isRole, minRole, ROLE_RANK, ROUTE_CLASS_ROLE, toRole } from "./roles";

describe("roles", () => {
  it("ranks viewer < operator < admin, and a role allows itself and everything below", () => {
    expect(ROLE_RANK.viewer).toBeLessThan(ROLE_RANK.operator);
    expect(ROLE_RANK.operator).toBeLessThan(ROLE_RANK.admin);
    const table = (["viewer", "operator", "admin"] as const).map((u) => (["viewer", "operator", "admin"] as const).map((r) => allows(u, r)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it("maps route classes and methods to roles", () => {
    expect(ROUTE_CLASS_ROLE).toEqual({ read: "viewer", operate: "operator", admin: "admin" });
    expect(defaultRouteRole("GET")).toBe("viewer");
    expect(defaultRouteRole("head")).toBe("viewer");
    expect(defaultRouteRole("POST")).toBe("operator");
    expect(defaultRouteRole("DELETE")).toBe("operator");
  });

  it("reads stored role text safely and takes the lower of two roles", () => {
    expect(isRole("admin")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(3)).toBe(false);
    expect(toRole("operator")).toBe("operator");
    expect(toRole("superuser")).toBe("viewer");
    expect(minRole("admin", "operator")).toBe("operator");
    expect(minRole("viewer", "admin")).toBe("viewer");
  });
});
