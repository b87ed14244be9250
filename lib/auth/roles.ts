/**
 * Roles and what they allow. A higher role includes every lower one:
 * viewer (read) < operator (operate: rewinds, resets) < admin (users, tokens, settings).
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 1, operator: 2, admin: 3 };

/** What a route declares in route({ role }): a role, or "public" (no authentication at all). */
export type RouteRole = Role | "public";
export const ROUTE_ROLES: readonly RouteRole[] = ["public", ...ROLES];

/** Route classes of the issue: read -> viewer, operate -> operator, admin -> admin. */
export type RouteClass = "read" | "operate" | "admin";
export const ROUTE_CLASS_ROLE: Readonly<Record<RouteClass, Role>> = { read: "viewer", operate: "operator", admin: "admin" };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The stored role text as a Role; an unknown value (a hand-edited row) is the lowest role, never a higher one. */
export function toRole(value: string): Role {
  return isRole(value) ? value : "viewer";
}

/** True when a principal with `userRole` may do what needs `required`. */
export function allows(userRole: Role, required: Role): boolean {
  return ROLE_RANK[userRole] >= ROLE_RANK[required];
}

/** The lower of two roles (an API token acts with at most its owner's current role). */
export function minRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}

/**
 * The role a route needs when it does not declare one: reading (GET, HEAD) needs a viewer, anything that
 * changes state an operator. The route() wrapper and scripts/route-roles.ts both use this.
 */
export function defaultRouteRole(method: string): Role {
  const m = method.toUpperCase();
  return m === "GET" || m === "HEAD" || m === "OPTIONS" ? "viewer" : "operator";
}
