"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { RoleName } from "@/lib/schemas";

/** Who is using the console, as the (console) layout read it on the server for this request. */
export interface Session {
  username: string;
  role: RoleName;
  /** "session" (signed in), "token" (a bearer token) or "auth-off" (TIDEMARK_AUTH=off). */
  via: string;
  authMode: "on" | "off";
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current user; null outside the (console) layout (the login page). */
export function useSession(): Session | null {
  return useContext(SessionContext);
}
