import Link from "next/link";
import { Suspense } from "react";
import { GroupList } from "@/components/groups/GroupList";
import { NoClusterNotice } from "@/components/ui/NoClusterNotice";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { getT } from "@/lib/i18n/server";
import { getClusterSummaries } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

export default async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getT();
  const clusters = getClusterSummaries();
  const wanted = (await searchParams).cluster;
  const cluster = clusters.find((c) => c.name === wanted) ?? clusters[0];
  return (
    <>
      <h1>{t("groups.title")}</h1>
      {!cluster ? (
        <NoClusterNotice />
      ) : (
        <>
          {cluster.sandbox && <SandboxBanner />}
          {clusters.length > 1 && (
            <nav className="tabs" aria-label={t("groups.clusterTabs")}>
              {clusters.map((c) => (
                <Link key={c.name} href={`/groups?cluster=${encodeURIComponent(c.name)}`} aria-current={c.name === cluster.name ? "page" : undefined}>
                  {c.name}
                </Link>
              ))}
            </nav>
          )}
          <Suspense>
            <GroupList cluster={cluster.name} />
          </Suspense>
        </>
      )}
    </>
  );
}
