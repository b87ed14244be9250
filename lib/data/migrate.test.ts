import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma } from "./db";
import { migrate, readMigrations, splitStatements } from "./migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-migrate-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("splitStatements", () => {
  it("drops comments and splits on line-ending semicolons", () => {
    expect(splitStatements('-- CreateTable\nCREATE TABLE "a" (\n  "x" INTEGER -- note\n);\n\n-- CreateIndex\nCREATE INDEX "i" ON "a"("x");\n')).toEqual([
      'CREATE TABLE "a" (\n  "x" INTEGER\n)',
      'CREATE INDEX "i" ON "a"("x")',
    ]);
  });
});

describe("migrate", () => {
  it("applies the repository's migrations once, on a new file", async () => {
    const prisma = createPrisma(`file:${path.join(dir, "a", "t.db")}`);
    const first = await migrate(prisma);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(prisma);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    // the schema is there: the generated client can use it
    const series = await prisma.lagSeries.create({ data: { cluster: "c", group: "g", topic: "t" } });
    expect(series.id).toBeGreaterThan(0);
    await prisma.$disconnect();
  });

  it("refuses a migration edited after it was applied, and rolls back a failing one", async () => {
    const prisma = createPrisma(`file:${path.join(dir, "b", "t.db")}`);
    await migrate(prisma, [{ name: "001_a", sql: 'CREATE TABLE "a" ("x" INTEGER);' }]);
    await expect(migrate(prisma, [{ name: "001_a", sql: 'CREATE TABLE "a" ("y" INTEGER);' }])).rejects.toThrow(/changed after it was applied/);
    await expect(
      migrate(prisma, [
        { name: "001_a", sql: 'CREATE TABLE "a" ("x" INTEGER);' },
        { name: "002_b", sql: 'CREATE TABLE "b" ("x" INTEGER);\nCREATE TABLE "a" ("x" INTEGER);' },
      ]),
    ).rejects.toThrow();
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'b'");
    expect(tables).toEqual([]);
    await prisma.$disconnect();
  });
});
