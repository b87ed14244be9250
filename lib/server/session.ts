import { headers } from "next/headers";
import { authMode, resolveCaller, type AuthMode } from "./auth";

/** The signed-in user for server components (pages and layouts); null when nobody is signed in. */
export async function currentUser(): Promise<{ username: string; role: "viewer" | "operator" | "admin"; via: string; authMode: AuthMode } | null> {
  const caller = await resolveCaller(await headers());
  return caller ? { username: caller.username, role: caller.role, via: caller.via, authMode: authMode() } : null;
}
