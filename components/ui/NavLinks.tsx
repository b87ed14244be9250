"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/lib/i18n/react";
import type { PlainKey } from "@/lib/i18n";

const LINKS: ReadonlyArray<{ href: string; label: PlainKey }> = [
  { href: "/clusters", label: "nav.clusters" },
  { href: "/groups", label: "nav.groups" },
  { href: "/alerts", label: "nav.alerts" },
  { href: "/audit", label: "nav.audit" },
];

export function NavLinks() {
  const t = useT();
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label={t("nav.label")}>
      {LINKS.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`) || (link.href === "/clusters" && pathname === "/");
        return (
          <Link key={link.href} href={link.href} aria-current={active ? "page" : undefined}>
            {t(link.label)}
          </Link>
        );
      })}
    </nav>
  );
}
