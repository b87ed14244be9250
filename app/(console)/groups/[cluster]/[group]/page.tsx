import { GroupDetailView } from "@/components/groups/GroupDetail";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { getClusterSummaries } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

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
  const sandbox = getClusterSummaries().some((c) => c.name === name && c.sandbox);
  return (
    <>
      {sandbox && <SandboxBanner />}
      <GroupDetailView key={alertId ?? "group"} cluster={name} group={decodeURIComponent(group)} alertId={alertId} />
    </>
  );
}
