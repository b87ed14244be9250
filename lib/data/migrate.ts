import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each once, recorded in
 * `_tidemark_migrations` (name, sha256, applied_at). We run the SQL ourselves instead of
 * `prisma migrate deploy`: it needs no CLI at runtime, takes milliseconds, and works the same through the
 * Postgres adapter, where the CLI's JS engine fails (../shared/toolchain.md).
 *
 * A migration that was applied and has since been edited is an error (its checksum differs): the schema
 * in the database would not be the one the code expects.
 */
export interface MigrationFile {
  name: string;
  sql: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export const DEFAULT_MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(dir)) throw new Error(`no migrations directory at ${dir}: start Tidemark from its repository root`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(/* turbopackIgnore: true */ dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(/* turbopackIgnore: true */ dir, name, "migration.sql"), "utf8") }));
}

/** Splits migration SQL into statements: `--` comments dropped, split on `;` at the end of a line. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const raw of sql.split("\n")) {
    const line = raw.replace(/--.*$/, "").trimEnd();
    if (line.trim() === "") continue;
    current.push(line);
    if (line.endsWith(";")) {
      out.push(current.join("\n").slice(0, -1).trim());
      current = [];
    }
  }
  const rest = current.join("\n").trim();
  if (rest !== "") out.push(rest);
  return out.filter((s) => s !== "");
}

const checksum = (sql: string) => createHash("sha256").update(sql).digest("hex");

export async function migrate(client: PrismaClient, migrations: readonly MigrationFile[] = readMigrations()): Promise<MigrateResult> {
  await client.$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS "_tidemark_migrations" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" BIGINT NOT NULL)',
  );
  const rows = await client.$queryRawUnsafe<{ name: string; checksum: string }[]>('SELECT "name", "checksum" FROM "_tidemark_migrations"');
  const done = new Map(rows.map((r) => [r.name, r.checksum]));
  const applied: string[] = [];
  for (const m of migrations) {
    const sum = checksum(m.sql);
    const previous = done.get(m.name);
    if (previous !== undefined) {
      if (previous !== sum) {
        throw new Error(`migration ${m.name} was changed after it was applied to this database (checksum differs): add a new migration instead of editing it`);
      }
      continue;
    }
    const statements = splitStatements(m.sql);
    await client.$transaction(async (tx) => {
      for (const s of statements) await tx.$executeRawUnsafe(s);
      await tx.$executeRawUnsafe('INSERT INTO "_tidemark_migrations" ("name", "checksum", "applied_at") VALUES (?, ?, ?)', m.name, sum, Date.now());
    });
    applied.push(m.name);
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

/**
 * SQLite settings for a console that writes samples while pages read them: WAL lets readers run during a
 * write, NORMAL sync is durable at every checkpoint, and a busy timeout rides over the sampler's batches.
 */
export async function tuneSqlite(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
}

const holder = globalThis as typeof globalThis & { __tidemarkDbReady?: { url: string; ready: Promise<PrismaClient> } };

/**
 * The process's database, migrated and tuned (once per process; the file is created on first use).
 * A failure is not cached: the next caller tries again (e.g. after the directory was made writable).
 */
export function readyDatabase(databaseUrl: string, open: (url: string) => PrismaClient): Promise<PrismaClient> {
  if (holder.__tidemarkDbReady?.url === databaseUrl) return holder.__tidemarkDbReady.ready;
  const ready = (async () => {
    const client = open(databaseUrl);
    if (databaseUrl.startsWith("file:")) await tuneSqlite(client);
    await migrate(client);
    return client;
  })();
  holder.__tidemarkDbReady = { url: databaseUrl, ready };
  ready.catch(() => {
    if (holder.__tidemarkDbReady?.ready === ready) holder.__tidemarkDbReady = undefined;
  });
  return ready;
}
