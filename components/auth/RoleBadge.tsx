"use client";

import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { RoleName } from "@/lib/schemas";

const ROLE_KEYS: Readonly<Record<RoleName, PlainKey>> = { viewer: "role.viewer", operator: "role.operator", admin: "role.admin" };

export function roleKey(role: RoleName): PlainKey {
  return ROLE_KEYS[role];
}

export function RoleBadge({ role, testId }: { role: RoleName; testId?: string }) {
  const t = useT();
  return (
    <span className={`badge role role-${role}`} data-testid={testId}>
      {t(ROLE_KEYS[role])}
    </span>
  );
}
