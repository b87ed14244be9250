"use client";

import Link from "next/link";
import { useState } from "react";
import { useGroupClients, useGroupDetail, useProcessQueues } from "@/components/hooks/useGroups";
import { DataAge } from "@/components/ui/DataAge";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { consumeTypeText, durationText, int64Text, modelText, UNKNOWN } from "@/lib/api/format";
import { ProcessQueuePanel, DiagnosisBadges } from "./ProcessQueuePanel";
import { QueueTable } from "./QueueTable";

type Tab = "queues" | "clients" | "process-queues";

export function GroupDetailView({ cluster, group }: { cluster: string; group: string }) {
  const [tab, setTab] = useState<Tab>("queues");
  const detail = useGroupDetail(cluster, group);
  const pq = useProcessQueues(cluster, group);
  const clients = useGroupClients(cluster, group, tab === "clients");
  const d = detail.data;
  const tabs: Array<[Tab, string]> = [
    ["queues", "Queues"],
    ["clients", "Clients"],
    ["process-queues", "ProcessQueue"],
  ];
  return (
    <>
      <p>
        <Link href={`/groups?cluster=${encodeURIComponent(cluster)}`}>← Groups of {cluster}</Link>
      </p>
      <h1>
        {group} {d && <StatusBadge code={d.summary.status.code} reason={d.summary.status.reason} />}
      </h1>
      {detail.error && <p className="bad">Could not load {group}: {detail.error.message}</p>}
      {detail.isPending && <p className="muted">Loading…</p>}
      {d && (
        <>
          <dl className="facts" data-testid="group-facts">
            <div>
              <dt>Model</dt>
              <dd>{modelText(d.messageModel)}</dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>{consumeTypeText(d.consumeType)}</dd>
            </div>
            <div>
              <dt>Consume from</dt>
              <dd title="applies only to queues without a committed offset">{d.consumeFromWhere?.replace("CONSUME_FROM_", "").toLowerCase().replaceAll("_", " ") ?? UNKNOWN}</dd>
            </div>
            <div>
              <dt>Offsets stored on</dt>
              <dd data-testid="offsets-stored-on">{d.offsetsStoredOn === "broker" ? "the broker (shared by the group)" : d.offsetsStoredOn === "clients" ? "each client (broadcasting)" : `${UNKNOWN} (no client online)`}</dd>
            </div>
            <div>
              <dt>Clients online</dt>
              <dd>{d.onlineClients}</dd>
            </div>
            <div>
              <dt>Lag</dt>
              <dd data-testid="group-lag">
                {d.summary.lag.partial && d.summary.lag.value !== null ? "≥ " : ""}
                {int64Text(d.summary.lag.value)}
              </dd>
            </div>
            <div>
              <dt>Retry lag</dt>
              <dd>{int64Text(d.summary.retryLag.value)}</dd>
            </div>
            <div>
              <dt>Lag in time</dt>
              <dd title={d.summary.lagTime.reason}>{d.summary.lagTime.kind === "none" ? "0" : `${d.summary.lagTime.kind === "estimate" ? "≤ " : ""}${durationText(d.summary.lagTime.ms)}`}</dd>
            </div>
            <div>
              <dt>Subscriptions</dt>
              <dd>{d.subscriptions.filter((s) => !s.topic.startsWith("%")).map((s) => `${s.topic} (${s.expression})`).join(", ") || UNKNOWN}</dd>
            </div>
          </dl>
          <p className="muted small">
            {d.summary.status.reason} · <DataAge at={d.fetchedAt} />
          </p>
          {d.failures.length > 0 && (
            <p className="notice" role="status" data-testid="partial-data">
              Partial data: {d.failures.map((f) => f.message).join("; ")}
            </p>
          )}
        </>
      )}
      {pq.data && pq.data.badges.some((b) => b.severity !== "info") && tab !== "process-queues" && <DiagnosisBadges badges={pq.data.badges.filter((b) => b.severity !== "info")} />}
      <div className="tabbar" role="tablist" aria-label="Group views">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} aria-controls={`panel-${id}`} id={`tab-${id}`} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "queues" && d && (d.messageModel === "BROADCASTING" ? <p className="notice">This is a broadcasting group: each client keeps its own offsets. Their offsets and lag per queue are on the ProcessQueue tab.</p> : <QueueTable detail={d} pq={pq.data} />)}
        {tab === "clients" &&
          (clients.data ? (
            <table className="data" data-testid="client-table">
              <thead>
                <tr>
                  <th scope="col">Client id</th>
                  <th scope="col">Address</th>
                  <th scope="col">Language</th>
                  <th scope="col">Version</th>
                  <th scope="col">Brokers</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.clients.map((c) => (
                  <tr key={c.clientId}>
                    <td className="mono">{c.clientId}</td>
                    <td className="mono">{c.clientAddr}</td>
                    <td>{c.language}</td>
                    <td>{c.version}</td>
                    <td>{c.brokers.join(", ")}</td>
                  </tr>
                ))}
                {clients.data.clients.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">
                      No client of this group is online.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          ) : (
            <p className="muted">{clients.error ? `Could not load clients: ${clients.error.message}` : "Loading clients…"}</p>
          ))}
        {tab === "process-queues" && <ProcessQueuePanel data={pq.data} error={pq.error} loading={pq.isPending} />}
      </div>
    </>
  );
}
