"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useSession } from "@/components/auth/Session";
import { useAlertCounts } from "@/components/hooks/useAlerts";
import { useT } from "@/lib/i18n/react";
import type { PlainKey } from "@/lib/i18n";

const LINKS: ReadonlyArray<{ href: string; label: PlainKey; adminOnly?: boolean }> = [
  { href: "/clusters", label: "nav.clusters" },
  { href: "/groups", label: "nav.groups" },
  { href: "/alerts", label: "nav.alerts" },
  { href: "/audit", label: "nav.audit" },
  { href: "/tokens", label: "nav.tokens" },
  { href: "/admin/users", label: "nav.users", adminOnly: true },
];

export function NavLinks() {
  const t = useT();
  const pathname = usePathname();
  const session = useSession();
  // One small request every 30 s; on an error the badge is left out (the Alerts page says why).
  const counts = useAlertCounts(session !== null);
  const firing = counts.data?.firing ?? 0;
  return (
    <nav className="nav" aria-label={t("nav.label")}>
      {LINKS.filter((link) => !link.adminOnly || session?.role === "admin").map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`) || (link.href === "/clusters" && pathname === "/");
        return (
          <Link key={link.href} href={link.href} aria-current={active ? "page" : undefined}>
            {t(link.label)}
            {link.href === "/alerts" && firing > 0 && (
              <span className="nav-badge" data-testid="nav-firing" title={t("nav.firing", { n: firing })} aria-label={t("nav.firing", { n: firing })}>
                {firing}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
