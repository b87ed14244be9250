import { authenticate, readCookie, SESSION_COOKIE } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { appDatabase } from "@/lib/services/database";

/**
 * Who is calling, for route() and server components. TIDEMARK_AUTH=off (a single-user laptop, opt-in and
 * shown as a warning banner) makes every caller the local administrator.
 */
export type AuthMode = "on" | "off";

export function authMode(env: Record<string, string | undefined> = process.env): AuthMode {
  return env.TIDEMARK_AUTH === "off" ? "off" : "on";
}

export interface Caller {
  username: string;
  role: Role;
  via: "session" | "token" | "auth-off";
  userId: number | null;
  sessionId?: string | undefined;
  tokenId?: number | undefined;
}

export const LOCAL_ADMIN: Caller = Object.freeze({ username: "local-admin", role: "admin", via: "auth-off", userId: null });

/**
 * The client address: the last X-Forwarded-For entry, which Next's own server appends from the socket
 * (earlier entries are whatever the client or proxies claimed), else "unknown".
 */
export function clientIp(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? headers.get("x-real-ip") ?? "unknown";
}

export async function resolveCaller(headers: Headers): Promise<Caller | null> {
  if (authMode() === "off") return LOCAL_ADMIN;
  const cookie = readCookie(headers.get("cookie"), SESSION_COOKIE);
  const authorization = headers.get("authorization");
  if (cookie === null && authorization === null) return null;
  const db = await appDatabase();
  const p = await authenticate(db, { cookie, authorization, ip: clientIp(headers) });
  if (!p) return null;
  return { username: p.user.username, role: p.role, via: p.via, userId: p.user.id, sessionId: p.sessionId, tokenId: p.tokenId };
}
