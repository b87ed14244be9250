"use client";

import { useClusterOverview } from "@/components/hooks/useClusters";
import { DataAge } from "@/components/ui/DataAge";
import { ClusterBacklog } from "./ClusterBacklog";
import { useT } from "@/lib/i18n/react";
import type { BrokerRow } from "@/lib/schemas";

const pct = (ratio: number | null) => (ratio === null ? "—" : `${(ratio * 100).toFixed(0)} %`);
const tps = (v: number | null) => (v === null ? "—" : v.toFixed(1));

function BrokerTable({ brokers }: { brokers: BrokerRow[] }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t("broker.col.broker")}</th>
            <th scope="col">{t("broker.col.role")}</th>
            <th scope="col">{t("broker.col.address")}</th>
            <th scope="col">{t("broker.col.version")}</th>
            <th scope="col">{t("broker.col.putTps")}</th>
            <th scope="col">{t("broker.col.getTps")}</th>
            <th scope="col">{t("broker.col.disk")}</th>
            <th scope="col">{t("broker.col.status")}</th>
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
              <td>
                {b.reachable ? (
                  <span className="ok">{t("broker.reachable")}</span>
                ) : (
                  <span className="bad" title={b.error ?? undefined}>
                    {t("broker.unreachable", { error: b.error ?? "" })}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClusterOverviewPanel({ cluster, sandbox }: { cluster: string; sandbox: boolean }) {
  const t = useT();
  const { data, error, isPending } = useClusterOverview(cluster);
  return (
    <section className="panel" aria-labelledby={`cluster-${cluster}`}>
      <h2 id={`cluster-${cluster}`}>
        {cluster} {sandbox && <span className="badge sandbox">{t("clusters.sandboxBadge")}</span>} <DataAge at={data?.fetchedAt} />
      </h2>
      {data && <p className="muted mono">{t("clusters.nameServers", { list: data.nameServers.join("; ") })}</p>}
      {isPending && <p className="muted">{t("clusters.loading")}</p>}
      {error && <p className="bad">{t("clusters.loadError", { message: error.message })}</p>}
      {data?.error && <p className="bad">{t("clusters.nameServersDown", { error: data.error })}</p>}
      {data && data.brokers.length > 0 && <BrokerTable brokers={data.brokers} />}
      {data && !data.error && data.brokers.length === 0 && <p className="muted">{t("clusters.noBrokers")}</p>}
      <ClusterBacklog cluster={cluster} />
    </section>
  );
}
