import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense } from "react";
import { GroupList } from "@/components/groups/GroupList";
import { asFetched, groupListParamsOf, settleWithin } from "@/components/hooks/serverPrefetch";
import { NoClusterNotice } from "@/components/ui/NoClusterNotice";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { groupQueries } from "@/lib/api/queries";
import { getT } from "@/lib/i18n/server";
import { groupListQuery, groupListSchema } from "@/lib/schemas";
import { currentUser } from "@/lib/server/session";
import { getClusterSummaries } from "@/lib/services/clusters";
import { listGroups } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

/** How long the page waits for its prefetch (the list itself answers within ~4 s); after that the client fetches. */
const PREFETCH_BUDGET_MS = 5_000;

/**
 * The list page GroupList will ask for, read on the server under the same query key (its URL parameters) and
 * in the same JSON shape as GET /api/clusters/:cluster/groups, so the first HTML has the rows. A failure or a
 * slow answer is left out of the dehydrated state (only successful queries are): the client fetches as before.
 */
async function prefetchGroupList(cluster: string, searchParams: Record<string, string | string[] | undefined>) {
  const client = new QueryClient();
  const params = groupListParamsOf(searchParams);
  // The layout redirects visitors without a valid session, but it renders alongside this page: read nothing for them.
  if (await currentUser()) {
    const prefetch = client.prefetchQuery({
      ...groupQueries.list(cluster, params),
      queryFn: async () => asFetched(await listGroups(cluster, groupListQuery.parse(params)), groupListSchema),
      retry: false,
    });
    await settleWithin(prefetch, PREFETCH_BUDGET_MS);
  }
  return dehydrate(client);
}

export default async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getT();
  const clusters = getClusterSummaries();
  const query = await searchParams;
  const wanted = query.cluster;
  const cluster = clusters.find((c) => c.name === wanted) ?? clusters[0];
  const state = cluster ? await prefetchGroupList(cluster.name, query) : undefined;
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
          <HydrationBoundary state={state}>
            <Suspense>
              <GroupList cluster={cluster.name} />
            </Suspense>
          </HydrationBoundary>
        </>
      )}
    </>
  );
}
