"use client";

import { useClusterOverview } from "@/components/hooks/useClusters";
import { DataAge } from "@/components/ui/DataAge";
import type { BrokerRow } from "@/lib/schemas";

const pct = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(0)} %`);
const tps = (v: number | null) => (v === null ? "—" : v.toFixed(1));

function BrokerTable({ brokers }: { brokers: BrokerRow[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">Broker</th>
          <th scope="col">Role</th>
          <th scope="col">Address</th>
          <th scope="col">Version</th>
          <th scope="col">Put TPS</th>
          <th scope="col">Get TPS</th>
          <th scope="col">Disk</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {brokers.map((b) => (
          <tr key={`${b.brokerName}-${b.brokerId}`} data-testid={`broker-${b.brokerName}-${b.brokerId}`}>
            <td>{b.brokerName}</td>
            <td>{b.role}</td>
            <td className="mono">{b.address}</td>
            <td>{b.version ?? "—"}</td>
            <td className="num">{tps(b.putTps)}</td>
            <td className="num">{tps(b.getTps)}</td>
            <td className={b.diskRatio !== null && b.diskRatio >= 0.85 ? "num bad" : "num"}>{pct(b.diskRatio)}</td>
            <td>{b.reachable ? <span className="ok">reachable</span> : <span className="bad" title={b.error ?? undefined}>unreachable: {b.error}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClusterOverviewPanel({ cluster, sandbox }: { cluster: string; sandbox: boolean }) {
  const { data, error, isPending } = useClusterOverview(cluster);
  return (
    <section className="panel" aria-labelledby={`cluster-${cluster}`}>
      <h2 id={`cluster-${cluster}`}>
        {cluster} {sandbox && <span className="badge sandbox">sandbox</span>} <DataAge at={data?.fetchedAt} />
      </h2>
      {data && <p className="muted mono">NameServer {data.nameServers.join("; ")}</p>}
      {isPending && <p className="muted">Loading brokers…</p>}
      {error && <p className="bad">Could not load this cluster: {error.message}</p>}
      {data?.error && <p className="bad">The NameServers did not answer: {data.error}</p>}
      {data && data.brokers.length > 0 && <BrokerTable brokers={data.brokers} />}
      {data && !data.error && data.brokers.length === 0 && <p className="muted">No broker is registered with these NameServers.</p>}
    </section>
  );
}
