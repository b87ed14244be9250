/**
 * Where to go after signing in: `next` only when it is a path on this site ("/groups?cluster=a").
 * Anything else — absent, absolute ("https://evil.example"), protocol-relative ("//evil.example"), with a
 * backslash that browsers read as a slash ("/\evil.example"), with control characters, or the login page
 * itself — is "/". An open redirect after a login page is a phishing tool.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return "/";
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  if (next === "/login" || next.startsWith("/login?") || next.startsWith("/login/")) return "/";
  return next;
}

/** The login page's address for someone who wanted `path`. */
export function loginPath(path: string | null | undefined): string {
  return `/login?next=${encodeURIComponent(safeNextPath(path))}`;
}
