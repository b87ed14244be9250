import { roleSchema, type RoleName } from "@/lib/schemas";

/** Roles from the lowest to the highest (viewer < operator < admin); a higher role includes the lower ones. */
export const ROLE_ORDER: readonly RoleName[] = roleSchema.options;

/** The roles a user with `role` may hand out (an API token never acts above its owner). */
export function rolesUpTo(role: RoleName): RoleName[] {
  return ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(role) + 1);
}
