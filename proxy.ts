import { NextResponse, type NextRequest } from "next/server";
import { readCookie, SESSION_COOKIE } from "@/lib/auth/cookies";

/**
 * Runs before every page (not /api, not /metrics, not static files):
 * - a per-request nonce and a Content-Security-Policy without unsafe-inline scripts (Next puts the nonce on
 *   its own scripts); styles keep 'unsafe-inline' because the charts set style attributes;
 * - no session cookie -> /login?next=<path> (a cheap presence check; the (console) layout validates the
 *   session, and every API route authenticates on its own);
 * - the path for the layout (x-tidemark-path), so the login page can send the user back.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const authOff = process.env.TIDEMARK_AUTH === "off";
  if (!authOff && pathname !== "/login" && readCookie(request.headers.get("cookie"), SESSION_COOKIE) === null) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return withSecurityHeaders(NextResponse.redirect(url), null);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-tidemark-path", pathname + search);
  headers.set("Content-Security-Policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function withSecurityHeaders(res: NextResponse, csp: string | null): NextResponse {
  if (csp) res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "same-origin");
  res.headers.set("X-Frame-Options", "DENY");
  return res;
}

export const config = {
  // pages only: API routes and /metrics (scraped with a bearer token, never a cookie) authenticate
  // themselves; static assets need no nonce
  matcher: [{ source: "/((?!api|metrics$|_next/static|_next/image|favicon.ico).*)", missing: [{ type: "header", key: "next-router-prefetch" }] }],
};
