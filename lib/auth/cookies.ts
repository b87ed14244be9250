/**
 * The session cookie and the session lifetimes, without any database import (usable from a proxy or
 * middleware). lib/auth/session.ts re-exports all of it.
 */
export const SESSION_COOKIE = "tidemark-session";
/** A session unused for this long has expired. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** A session ends this long after login, however active it is. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60_000;

/** One cookie's value from a Cookie header, or null. */
export function readCookie(cookieHeader: string | null | undefined, name: string = SESSION_COOKIE): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
    }
  }
  return null;
}

/** True when the request reached us over https, directly or through a proxy that says so (X-Forwarded-Proto). */
export function isSecureRequest(req: { url: string; headers: Headers }): boolean {
  const forwarded = req.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0]!.trim().toLowerCase() === "https";
  try {
    return new URL(req.url).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Set-Cookie value for a session: HttpOnly, SameSite=Lax, Path=/, Max-Age, and Secure when `secure`
 * (isSecureRequest). Max-Age defaults to the absolute lifetime: the server enforces the idle timeout.
 */
export function sessionCookie(token: string, options: { secure: boolean; maxAgeMs?: number }): string {
  const maxAge = Math.max(0, Math.floor((options.maxAgeMs ?? SESSION_ABSOLUTE_MS) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${options.secure ? "; Secure" : ""}`;
}

/** Set-Cookie value that removes the session cookie (logout). */
export function clearSessionCookie(options: { secure: boolean }): string {
  return sessionCookie("", { secure: options.secure, maxAgeMs: 0 });
}
