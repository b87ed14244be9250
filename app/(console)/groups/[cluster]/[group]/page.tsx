import { GroupDetailView } from "@/components/groups/GroupDetail";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { getClusterSummaries } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

export default async function GroupPage({ params }: { params: Promise<{ cluster: string; group: string }> }) {
  const { cluster, group } = await params;
  const name = decodeURIComponent(cluster);
  const sandbox = getClusterSummaries().some((c) => c.name === name && c.sandbox);
  return (
    <>
      {sandbox && <SandboxBanner />}
      <GroupDetailView cluster={name} group={decodeURIComponent(group)} />
    </>
  );
}
