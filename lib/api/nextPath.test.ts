import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "./nextPath";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNextPath("/groups")).toBe("/groups");
    expect(safeNextPath("/groups?cluster=a&page=2")).toBe("/groups?cluster=a&page=2");
    expect(safeNextPath("/groups/c/g%2F1")).toBe("/groups/c/g%2F1");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "groups", "", "/\t/evil.example", "/\n"]) {
      expect(safeNextPath(bad), bad).toBe("/");
    }
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
  });

  it("does not send a user back to the login page", () => {
    expect(safeNextPath("/login")).toBe("/");
    expect(safeNextPath("/login?next=/groups")).toBe("/");
    expect(safeNextPath("/loginx")).toBe("/loginx");
  });

  it("builds the login address", () => {
    expect(loginPath("/groups?cluster=a")).toBe("/login?next=%2Fgroups%3Fcluster%3Da");
    expect(loginPath("//evil.example")).toBe("/login?next=%2F");
  });
});
