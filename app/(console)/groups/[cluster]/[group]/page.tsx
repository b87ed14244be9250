import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { GroupDetailView } from "@/components/groups/GroupDetail";
import { asFetched, settleWithin } from "@/components/hooks/serverPrefetch";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { groupQueries } from "@/lib/api/queries";
import { groupDetailSchema, groupParams } from "@/lib/schemas";
import { currentUser } from "@/lib/server/session";
import { getClusterSummaries } from "@/lib/services/clusters";
import { getGroupDetail } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

/** How long the page waits for its prefetch; after that the client fetches on its own. */
const PREFETCH_BUDGET_MS = 5_000;

/**
 * The group's detail, read on the server under the key useGroupDetail uses and in the JSON shape of
 * GET /api/clusters/:cluster/groups/:group (same params validation, same service call). A failure (unknown
 * group, unreachable brokers) or a slow answer is simply not dehydrated: the client fetches and shows it as before.
 */
async function prefetchGroupDetail(cluster: string, group: string) {
  const client = new QueryClient();
  // The layout redirects visitors without a valid session, but it renders alongside this page: read nothing for them.
  if (await currentUser()) {
    const prefetch = client.prefetchQuery({
      ...groupQueries.detail(cluster, group),
      queryFn: async () => {
        const params = groupParams.parse({ cluster, group });
        return asFetched(await getGroupDetail(params.cluster, params.group), groupDetailSchema);
      },
      retry: false,
    });
    await settleWithin(prefetch, PREFETCH_BUDGET_MS);
  }
  return dehydrate(client);
}

/** `?alert=<id>` (from the alert list) opens the page as that alert's triage view. */
function alertIdOf(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || !/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 ? n : undefined;
}

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ cluster: string; group: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { cluster, group } = await params;
  const alertId = alertIdOf((await searchParams).alert);
  const name = decodeURIComponent(cluster);
  const groupName = decodeURIComponent(group);
  const sandbox = getClusterSummaries().some((c) => c.name === name && c.sandbox);
  const state = await prefetchGroupDetail(name, groupName);
  return (
    <>
      {sandbox && <SandboxBanner />}
      <HydrationBoundary state={state}>
        {/* Also a hydration boundary: text the server renders in its own time zone (times of day) may differ
            in the browser's; React then re-renders only this part on the client. */}
        <Suspense>
          <GroupDetailView key={alertId ?? "group"} cluster={name} group={groupName} alertId={alertId} />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
