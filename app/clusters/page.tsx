import { NoClusterNotice } from "@/components/ui/NoClusterNotice";
import { getConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export default function ClustersPage() {
  const { clusters } = getConfig();
  return (
    <>
      <h1>Clusters</h1>
      {clusters.length === 0 ? (
        <NoClusterNotice />
      ) : (
        <table className="data" data-testid="cluster-table">
          <thead>
            <tr>
              <th>Cluster</th>
              <th>NameServers</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="mono">{c.nameServers.join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
