import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrisma } from "./db";
import { migrate } from "./migrate";

/** For tests: a new SQLite file in a temp directory, migrated with the repository's migrations. */
export async function openTempDatabase(prefix: string): Promise<{ db: PrismaClient; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tidemark-${prefix}-`));
  const db = createPrisma(`file:${path.join(dir, "t.db")}`);
  await migrate(db);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
