import { defaultRouteRole, ROUTE_ROLES, type RouteRole } from "./roles";

/**
 * Reads the role every API route declares, from the source text of app/api/**\/route.ts files
 * (scripts/route-roles.ts prints the table). A route declares it as a string literal property of the
 * spec object: `export const POST = route({ body, role: "operator" }, handler)`. A route without it gets
 * defaultRouteRole(method) and is reported as "(default)". Deliberately a small scanner, not a TypeScript
 * parser: anything it cannot read is reported as "?" instead of guessed.
 */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface MethodRole {
  readonly method: string;
  /** The effective role, or null when it could not be read. */
  readonly role: RouteRole | null;
  readonly source: "declared" | "default" | "unreadable";
  /** Why the role could not be read. */
  readonly note?: string;
}

export interface RouteRoleRow extends MethodRole {
  readonly route: string;
}

const EXPORT_RE = /export\s+(?:const\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s*=\s*|(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b)/g;

/** Skips a string or template literal starting at `i`; returns the index after it. */
function skipLiteral(src: string, i: number): number {
  const quote = src[i]!;
  let j = i + 1;
  while (j < src.length && src[j] !== quote) j += src[j] === "\\" ? 2 : 1;
  return j + 1;
}

/** Skips whitespace and comments from `i`. */
function skipSpace(src: string, i: number): number {
  for (;;) {
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (src.startsWith("//", i)) i = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (src.startsWith("/*", i)) i = src.indexOf("*/", i) < 0 ? src.length : src.indexOf("*/", i) + 2;
    else return i;
  }
}

/**
 * The text of the object literal starting at `start` ("{"), keeping only its own level: nested brackets'
 * contents and comments are dropped, string literals kept. `{ a: z.object({ role: 1 }), role: "x" }`
 * becomes `{ a: z.object(, role: "x" }` (the nested part is gone).
 */
export function topLevelText(src: string, start: number): string | null {
  let depth = 0;
  let out = "";
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (src.startsWith("//", i) || src.startsWith("/*", i)) {
      i = skipSpace(src, i);
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const end = skipLiteral(src, i);
      if (depth === 1) out += src.slice(i, end);
      i = end;
      continue;
    }
    if (c === "{" || c === "[" || c === "(") {
      depth++;
      if (depth === 1) out += c;
    } else if (c === "}" || c === "]" || c === ")") {
      if (depth === 1) out += c;
      depth--;
      if (depth === 0) return out;
    } else if (depth === 1) out += c;
    i++;
  }
  return null;
}

const ROLE_PROP_RE = /[{,]\s*(?:role|"role"|'role')\s*(?::\s*("[^"]*"|'[^']*'|[^,}]+)|(?=[,}]))/;

/** The role of one route() spec object's text (from topLevelText). */
function roleOfSpec(method: string, spec: string): MethodRole {
  const m = ROLE_PROP_RE.exec(spec);
  if (!m) return { method, role: defaultRouteRole(method), source: "default" };
  const value = m[1]?.trim();
  if (value === undefined) return { method, role: null, source: "unreadable", note: "role is not a string literal" };
  const literal = /^["'](.*)["']$/.exec(value)?.[1];
  if (literal !== undefined && (ROUTE_ROLES as readonly string[]).includes(literal)) return { method, role: literal as RouteRole, source: "declared" };
  return { method, role: null, source: "unreadable", note: literal === undefined ? `role is not a string literal: ${value}` : `unknown role "${literal}"` };
}

/** The role of every method a route file exports. */
export function parseRouteRoles(source: string): MethodRole[] {
  const out: MethodRole[] = [];
  for (const m of source.matchAll(EXPORT_RE)) {
    const method = (m[1] ?? m[2])!;
    if (m[2] !== undefined) {
      out.push({ method, role: null, source: "unreadable", note: "not wrapped in route()" });
      continue;
    }
    let i = skipSpace(source, m.index + m[0].length);
    if (!/^route\s*\(/.test(source.slice(i))) {
      out.push({ method, role: null, source: "unreadable", note: "not wrapped in route()" });
      continue;
    }
    i = skipSpace(source, source.indexOf("(", i) + 1);
    const spec = source[i] === "{" ? topLevelText(source, i) : null;
    out.push(spec === null ? { method, role: null, source: "unreadable", note: "the spec is not an object literal" } : roleOfSpec(method, spec));
  }
  return out;
}

/** "app/api/clusters/[cluster]/route.ts" -> "/api/clusters/[cluster]" (route groups "(x)" dropped). */
export function routePathOf(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
  const app = parts.indexOf("app");
  const segments = parts.slice(app + 1, -1).filter((p) => !/^\(.*\)$/.test(p));
  return "/" + segments.join("/");
}

const methodOrder = (m: string) => (HTTP_METHODS as readonly string[]).indexOf(m);

/** A markdown table: route, method, role ("viewer (default)" when not declared, "?" when unreadable). */
export function routeRolesTable(rows: readonly RouteRoleRow[]): string {
  const sorted = [...rows].sort((a, b) => a.route.localeCompare(b.route) || methodOrder(a.method) - methodOrder(b.method));
  const cell = (r: RouteRoleRow) =>
    r.source === "declared" ? r.role! : r.source === "default" ? `${r.role!} (default)` : `? (${(r.note ?? "unreadable").replace(/\|/g, "\\|")})`;
  return ["| Route | Method | Role |", "| --- | --- | --- |", ...sorted.map((r) => `| \`${r.route}\` | ${r.method} | ${cell(r)} |`)].join("\n");
}
