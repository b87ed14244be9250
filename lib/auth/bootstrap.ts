import { randomInt } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/data/audit";
import { AuthDataError, countUsers, createUser } from "@/lib/data/users";
import { hashPassword, passwordPolicyError } from "./passwords";

/**
 * First start: when there is no user at all, create `admin` (role admin) so somebody can sign in.
 * Its password is TIDEMARK_ADMIN_PASSWORD when set (never printed), else a random 20-character one printed
 * once through `log`. With users present it does nothing, so it is safe to call on every start.
 */
export const BOOTSTRAP_USERNAME = "admin";

export type EnsureAdminResult =
  | { created: false }
  | { created: true; username: typeof BOOTSTRAP_USERNAME; passwordFrom: "env" | "generated" };

// No look-alikes (0/O, 1/l/I): the password is read off a log and typed.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function generatePassword(length = 20): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export async function ensureAdmin(
  db: PrismaClient,
  env: Readonly<Record<string, string | undefined>> = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<EnsureAdminResult> {
  if ((await countUsers(db)) > 0) return { created: false };
  const fromEnv = env.TIDEMARK_ADMIN_PASSWORD;
  const useEnv = fromEnv !== undefined && fromEnv !== "";
  if (useEnv) {
    const problem = passwordPolicyError(fromEnv, BOOTSTRAP_USERNAME);
    if (problem) throw new Error(`TIDEMARK_ADMIN_PASSWORD: ${problem}`);
  }
  const password = useEnv ? fromEnv : generatePassword();
  try {
    await createUser(db, { username: BOOTSTRAP_USERNAME, passwordHash: await hashPassword(password), role: "admin" });
  } catch (err) {
    // another process (the sampler, a second server) created it between our count and our insert
    if (err instanceof AuthDataError && err.code === "username_taken") return { created: false };
    throw err;
  }
  const passwordFrom = useEnv ? "env" : "generated";
  await writeAudit(db, { actor: "system", actorKind: "system", action: "user.bootstrap", target: `user:${BOOTSTRAP_USERNAME}`, details: { passwordFrom }, outcome: "ok" });
  if (useEnv) log(`Tidemark first start: created user ${BOOTSTRAP_USERNAME} with the password from TIDEMARK_ADMIN_PASSWORD`);
  else log(`Tidemark first start: created user ${BOOTSTRAP_USERNAME} with password ${password} — change it`);
  return { created: true, username: BOOTSTRAP_USERNAME, passwordFrom };
}
