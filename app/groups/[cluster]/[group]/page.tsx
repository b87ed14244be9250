import { GroupDetailView } from "@/components/groups/GroupDetail";

export const dynamic = "force-dynamic";

export default async function GroupPage({ params }: { params: Promise<{ cluster: string; group: string }> }) {
  const { cluster, group } = await params;
  return <GroupDetailView cluster={decodeURIComponent(cluster)} group={decodeURIComponent(group)} />;
}
