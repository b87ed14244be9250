import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma, pingDatabase, sqliteFilePath } from "./db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-db-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("sqliteFilePath", () => {
  it("resolves file: URLs and ignores the rest", () => {
    expect(sqliteFilePath("file:/tmp/a.db")).toBe("/tmp/a.db");
    expect(sqliteFilePath("file:./data/x.db?mode=rw")).toBe(path.resolve("data/x.db"));
    expect(sqliteFilePath("file::memory:")).toBeUndefined();
    expect(sqliteFilePath("postgresql://u@127.0.0.1/db")).toBeUndefined();
  });
});

describe("createPrisma + pingDatabase", () => {
  it("creates the database directory and the file on first use", async () => {
    const file = path.join(dir, "nested", "tidemark.db");
    const prisma = createPrisma(`file:${file}`);
    expect(await pingDatabase(prisma)).toEqual({ ok: true });
    expect(fs.existsSync(file)).toBe(true);
    await prisma.$disconnect();
  });

  it("reports, not throws, when the database cannot be opened", async () => {
    const prisma = createPrisma(`file:${path.join(dir, "missing-dir", "x.db")}`);
    fs.rmSync(path.join(dir, "missing-dir"), { recursive: true, force: true });
    fs.writeFileSync(path.join(dir, "missing-dir"), "not a directory");
    const result = await pingDatabase(prisma);
    expect(result.ok).toBe(false);
  });
});
