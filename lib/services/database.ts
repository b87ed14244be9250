import { getPrisma } from "@/lib/data/db";
import { readyDatabase } from "@/lib/data/migrate";
import { getConfig } from "@/lib/server/config";

/** The console's database, migrated on first use (the SQLite file is created then). */
export function appDatabase() {
  return readyDatabase(getConfig().databaseUrl, getPrisma);
}
