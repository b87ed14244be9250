import Link from "next/link";
import { Suspense } from "react";
import { AlertList } from "@/components/alerts/AlertList";
import { ChannelManager } from "@/components/alerts/ChannelManager";
import { RuleManager } from "@/components/alerts/RuleManager";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

const TABS = ["alerts", "rules", "channels"] as const;
type Tab = (typeof TABS)[number];

/** Alerts (firing first), their rules (?tab=rules) and the notification channels (?tab=channels, admins). */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getT();
  const param = (await searchParams).tab;
  const tab: Tab = (TABS as readonly unknown[]).includes(param) ? (param as Tab) : "alerts";
  const href: Record<Tab, string> = { alerts: "/alerts", rules: "/alerts?tab=rules", channels: "/alerts?tab=channels" };
  const label: Record<Tab, string> = { alerts: t("alerts.tab.alerts"), rules: t("alerts.tab.rules"), channels: t("alerts.tab.channels") };
  return (
    <>
      <h1>{t("alerts.title")}</h1>
      <p className="muted">{t("alerts.intro")}</p>
      <nav className="tabs" aria-label={t("alerts.tabs")}>
        {TABS.map((id) => (
          <Link key={id} href={href[id]} aria-current={tab === id ? "page" : undefined}>
            {label[id]}
          </Link>
        ))}
      </nav>
      <Suspense>
        {tab === "alerts" && <AlertList />}
        {tab === "rules" && <RuleManager />}
        {tab === "channels" && <ChannelManager />}
      </Suspense>
    </>
  );
}
