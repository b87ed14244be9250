import { describe, expect, it } from "vitest";
import { dummyVerify, hashPassword, needsRehash, PASSWORD_MIN_LENGTH, passwordPolicyError, verifyPassword } from "./passwords";

const PW = "correct horse battery staple";

describe("password hashing", () => {
  it("hashes in the scrypt$N$r$p$salt$hash format with a fresh salt, and verifies the round trip", async () => {
    const a = await hashPassword(PW);
    const b = await hashPassword(PW);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split("$")[4]!, "base64")).toHaveLength(16);
    expect(Buffer.from(a.split("$")[5]!, "base64")).toHaveLength(32);
    expect(await verifyPassword(PW, a)).toBe(true);
    expect(await verifyPassword(PW, b)).toBe(true);
    expect(needsRehash(a)).toBe(false);
  });

  it("rejects a wrong password (including a one-character difference)", async () => {
    const h = await hashPassword(PW);
    expect(await verifyPassword("correct horse battery stapl", h)).toBe(false);
    expect(await verifyPassword(PW + " ", h)).toBe(false);
    expect(await verifyPassword("", h)).toBe(false);
  });

  it("treats a tampered or malformed hash as a mismatch, never an exception", async () => {
    const h = await hashPassword(PW);
    const parts = h.split("$");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const tampered = [
      [...parts.slice(0, 5), flip(parts[5]!)].join("$"), // hash changed
      [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join("$"), // salt changed
      ["scrypt", "16384", ...parts.slice(2)].join("$"), // cost lowered
      ["scrypt", String(2 ** 24), ...parts.slice(2)].join("$"), // cost beyond what we allocate
      ["scrypt", "1000", ...parts.slice(2)].join("$"), // N not a power of two
      ["bcrypt", ...parts.slice(1)].join("$"),
      parts.slice(0, 5).join("$"),
      [...parts.slice(0, 5), "not*base64"].join("$"),
      "",
      "plaintext",
    ];
    for (const t of tampered) expect(await verifyPassword(PW, t), t).toBe(false);
    expect(needsRehash("scrypt$16384$8$1$" + parts[4] + "$" + parts[5])).toBe(true);
  });

  it("normalizes Unicode (NFC), so a composed and a decomposed é are the same password", async () => {
    const h = await hashPassword("caf\u00e9 au lait sans sucre");
    expect(await verifyPassword("cafe\u0301 au lait sans sucre", h)).toBe(true);
  });

  it("dummyVerify does the work of a real check and always says no", async () => {
    const h = await hashPassword(PW);
    await dummyVerify(PW); // warm
    let real = 0;
    let dummy = 0;
    for (let i = 0; i < 4; i++) {
      // interleaved, so load on the machine hits both alike
      let t = performance.now();
      await verifyPassword("wrong password here", h);
      real += performance.now() - t;
      t = performance.now();
      await dummyVerify("wrong password here");
      dummy += performance.now() - t;
    }
    expect(await dummyVerify(PW)).toBe(false);
    // same scrypt parameters: same order of cost (a skipped check would be ~1000x faster)
    expect(dummy).toBeGreaterThan(real * 0.3);
    expect(dummy).toBeLessThan(real * 3);
  });
});

describe("password policy", () => {
  it(`needs at least ${PASSWORD_MIN_LENGTH} characters, with a message that says so`, () => {
    expect(passwordPolicyError("short")).toBe("The password must be at least 12 characters long (this one has 5). A few unrelated words make a good one.");
    expect(passwordPolicyError("elevenchars")).toMatch(/at least 12/);
    expect(passwordPolicyError("twelve chars")).toBeNull();
    // characters, not UTF-16 units
    expect(passwordPolicyError("🔑".repeat(6))).toMatch(/has 6/);
  });

  it("refuses the username as password and absurd lengths", () => {
    expect(passwordPolicyError("administrator", "Administrator")).toBe("The password must not be the username.");
    expect(passwordPolicyError("x".repeat(1025))).toMatch(/at most 1024/);
  });
});
