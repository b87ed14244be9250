import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The one Prisma client of the process (lib/data is the only place that imports Prisma).
 * SQLite through the better-sqlite3 driver adapter: no engine binary is needed.
 */
export function createPrisma(databaseUrl: string): PrismaClient {
  const file = sqliteFilePath(databaseUrl);
  if (file !== undefined) fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

/** The file behind a `file:` URL, resolved against the working directory; undefined for other URLs. */
export function sqliteFilePath(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("file:")) return undefined;
  const rest = databaseUrl.slice("file:".length).split("?")[0] ?? "";
  if (rest === "" || rest === ":memory:") return undefined;
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), rest);
}

const holder = globalThis as typeof globalThis & { __tidemarkPrisma?: { url: string; client: PrismaClient } };

export function getPrisma(databaseUrl: string): PrismaClient {
  if (holder.__tidemarkPrisma?.url !== databaseUrl) {
    holder.__tidemarkPrisma = { url: databaseUrl, client: createPrisma(databaseUrl) };
  }
  return holder.__tidemarkPrisma.client;
}

/** Checks the database answers a trivial query. Returns the error text instead of throwing. */
export async function pingDatabase(client: PrismaClient): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await client.$queryRawUnsafe("SELECT 1");
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.split("\n")[0] ?? "error" : String(err) };
  }
}
