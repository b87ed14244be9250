import { NoClusterNotice } from "@/components/ui/NoClusterNotice";
import { getConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export default function GroupsPage() {
  const { clusters } = getConfig();
  return (
    <>
      <h1>Consumer groups</h1>
      {clusters.length === 0 ? (
        <NoClusterNotice />
      ) : (
        <div className="panel muted">The consumer-group view is not available in this build yet.</div>
      )}
    </>
  );
}
