import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isWellFormedToken, parseBearer, tokenDisplayPrefix } from "./tokens";

describe("tokens", () => {
  it("are tmk_ + 32 random bytes in base64url, all different", () => {
    const tokens = Array.from({ length: 200 }, generateToken);
    for (const t of tokens) {
      expect(t).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.slice(4), "base64url")).toHaveLength(32);
      expect(isWellFormedToken(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(200);
    expect(tokenDisplayPrefix(tokens[0]!)).toBe(tokens[0]!.slice(0, 8));
    expect(tokenDisplayPrefix(tokens[0]!)).toMatch(/^tmk_.{4}$/);
  });

  it("are stored as their sha256 in hex", () => {
    const t = "tmk_" + "A".repeat(43);
    expect(hashToken(t)).toBe(createHash("sha256").update(t).digest("hex"));
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toBe(hashToken(t.slice(0, -1) + "B"));
  });

  it("rejects malformed tokens before any lookup", () => {
    for (const bad of ["", "tmk_", "tmk_" + "A".repeat(42), "tmk_" + "A".repeat(44), "xyz_" + "A".repeat(43), "tmk_" + "A".repeat(42) + "="]) {
      expect(isWellFormedToken(bad), bad).toBe(false);
    }
  });

  it("parses Authorization: Bearer", () => {
    expect(parseBearer("Bearer tmk_abc")).toBe("tmk_abc");
    expect(parseBearer("bearer   tmk_abc  ")).toBe("tmk_abc");
    expect(parseBearer("BEARER tmk_abc")).toBe("tmk_abc");
    expect(parseBearer("Basic dXNlcjpwYXNz")).toBeNull();
    expect(parseBearer("Bearer")).toBeNull();
    expect(parseBearer("Bearer a b")).toBeNull();
    expect(parseBearer("")).toBeNull();
    expect(parseBearer(null)).toBeNull();
    expect(parseBearer(undefined)).toBeNull();
  });
});
