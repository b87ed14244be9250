import { parseBearer } from "./tokens";
import { readCookie, SESSION_COOKIE } from "./cookies";

/**
 * CSRF defence for state-changing requests: the browser must say the request comes from our own pages.
 * Allowed when Sec-Fetch-Site is "same-origin" or "none" (typed in / bookmarked), or when the Origin header
 * equals the request's own origin (Host header + protocol; X-Forwarded-Proto when a proxy sets it).
 * Refused otherwise, including when neither header is sent. GET/HEAD/OPTIONS are not checked (they change
 * nothing). A request with a Bearer token and no session cookie is exempt: a cross-site page cannot make a
 * browser attach an Authorization header, so it is not a CSRF vector.
 */
export type OriginCheck =
  | { ok: true; why: "safe_method" | "bearer" | "sec_fetch_site" | "origin" }
  | { ok: false; reason: string };

export interface OriginRequest {
  method: string;
  url: string;
  headers: Headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin this request was addressed to ("https://console.example:8443"), or null when it cannot be told. */
export function ownOrigin(req: OriginRequest): string | null {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return null;
  }
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const protocol = forwarded === "http" || forwarded === "https" ? forwarded : url.protocol.replace(/:$/, "");
  const host = req.headers.get("host")?.trim() || url.host;
  return normalizeOrigin(`${protocol}://${host}`);
}

function normalizeOrigin(text: string): string | null {
  try {
    const u = new URL(text);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin;
  } catch {
    return null;
  }
}

export function checkSameOrigin(req: OriginRequest): OriginCheck {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return { ok: true, why: "safe_method" };
  if (parseBearer(req.headers.get("authorization")) !== null && readCookie(req.headers.get("cookie"), SESSION_COOKIE) === null) {
    return { ok: true, why: "bearer" };
  }
  const site = req.headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site === "same-origin" || site === "none") return { ok: true, why: "sec_fetch_site" };
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== "null") {
    const theirs = normalizeOrigin(origin);
    const ours = ownOrigin(req);
    if (theirs !== null && ours !== null && theirs === ours) return { ok: true, why: "origin" };
    return { ok: false, reason: `cross-origin request refused (Origin ${origin}, this console is ${ours ?? "unknown"})` };
  }
  if (site) return { ok: false, reason: `cross-site request refused (Sec-Fetch-Site: ${site})` };
  return { ok: false, reason: "request refused: a state-changing request must come from the console's own pages (no Origin or Sec-Fetch-Site header)" };
}
