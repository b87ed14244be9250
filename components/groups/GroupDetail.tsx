"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { triageFocus } from "@/components/alerts/triageFocus";
import { TriagePanel, type TriageShortcuts } from "@/components/alerts/TriagePanel";
import { GroupHistoryPanel } from "@/components/charts/GroupHistoryPanel";
import { useAlert } from "@/components/hooks/useAlerts";
import { useGroupClients, useGroupDetail, useProcessQueues } from "@/components/hooks/useGroups";
import { RewindPanel } from "@/components/rewind/RewindPanel";
import type { RewindPreset } from "@/components/rewind/rewindForm";
import { DataAge } from "@/components/ui/DataAge";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { durationText, int64Text, UNKNOWN } from "@/lib/api/format";
import { consumeFromText, consumerKindKey, consumeTypeKey, modelKey, type PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import { ProcessQueuePanel, DiagnosisBadges } from "./ProcessQueuePanel";
import { QueueTable } from "./QueueTable";

type Tab = "queues" | "clients" | "process-queues" | "rewind";

/** A group's page; with `alertId` (`?alert=` from the alert list) it opens as the alert's triage view. */
export function GroupDetailView({ cluster, group, alertId }: { cluster: string; group: string; alertId?: number | undefined }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>("queues");
  const [rewindPreset, setRewindPreset] = useState<RewindPreset | undefined>(undefined);
  const tabsRef = useRef<HTMLDivElement>(null);
  const detail = useGroupDetail(cluster, group);
  const pq = useProcessQueues(cluster, group);
  const alert = useAlert(alertId ?? 0, alertId !== undefined);
  // The chart's alert window counts from when the page opened (a stable query key, not moved by each refresh).
  const [openedAt] = useState(() => Date.now());
  // (An alert of another group, from an edited address, is not marked on this group's chart.)
  const focus = alert.data && alert.data.cluster === cluster && alert.data.group === group ? triageFocus(t, alert.data, openedAt) : undefined;
  const alertKey = alert.data ? `${alert.data.id}:${alert.data.phase}:${alert.data.firedAtMs ?? ""}:${alert.data.resolvedAtMs ?? ""}` : "";
  const openTab = (next: Tab) => {
    setTab(next);
    // (A block body: newer browsers return a Promise from scrollIntoView.)
    requestAnimationFrame(() => {
      tabsRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    });
  };
  const shortcuts: TriageShortcuts = {
    previewSkip: () => {
      setRewindPreset({ key: Date.now(), kind: "latest" });
      openTab("rewind");
    },
    previewRewindTo: (atMs) => {
      setRewindPreset({ key: Date.now(), kind: "timestamp", atMs });
      openTab("rewind");
    },
    openProcessQueues: () => openTab("process-queues"),
  };
  // Each client's own subscription comes with its running info; until that loads, the group's.
  const subscriptionOf = (clientId: string) => {
    const own = pq.data?.clients.find((c) => c.clientId === clientId && c.ok)?.subscriptions;
    if (own && own.length > 0) return own.join(", ");
    return (clients.data?.subscriptions ?? []).filter((s) => !s.topic.startsWith("%")).map((s) => `${s.topic} (${s.expression})`).join(", ") || "—";
  };
  const clients = useGroupClients(cluster, group, tab === "clients");
  const d = detail.data;
  const tabs: Array<[Tab, PlainKey]> = [
    ["queues", "detail.tab.queues"],
    ["clients", "detail.tab.clients"],
    ["process-queues", "detail.tab.processQueues"],
    // Everyone sees the tab; a viewer finds the form disabled with the reason there.
    ["rewind", "detail.tab.rewind"],
  ];
  const label = (key: PlainKey | null) => (key ? t(key) : UNKNOWN);
  return (
    <>
      <p>
        <Link href={`/groups?cluster=${encodeURIComponent(cluster)}`}>{t("detail.back", { cluster })}</Link>
      </p>
      <h1>
        {group} {d && <StatusBadge code={d.summary.status.code} reason={d.summary.status.reason} />}
      </h1>
      {alertId !== undefined && (
        <TriagePanel
          alertId={alertId}
          cluster={cluster}
          group={group}
          alert={alert.data}
          error={alert.error}
          loading={alert.isPending}
          pq={{ data: pq.data, error: pq.error, loading: pq.isPending }}
          shortcuts={shortcuts}
        />
      )}
      {detail.error && <p className="bad">{t("detail.loadError", { group, message: detail.error.message })}</p>}
      {detail.isPending && <p className="muted">{t("common.loading")}</p>}
      {d && (
        <>
          <dl className="facts" data-testid="group-facts">
            <div>
              <dt>{t("detail.model")}</dt>
              <dd>{label(modelKey(d.messageModel))}</dd>
            </div>
            <div>
              <dt>{t("detail.type")}</dt>
              <dd data-testid="consumer-kind">{label(consumerKindKey(d.consumerKind) ?? consumeTypeKey(d.consumeType))}</dd>
            </div>
            <div>
              <dt>{t("detail.consumeFrom")}</dt>
              <dd title={t("detail.consumeFromTitle")}>{d.consumeFromWhere ? consumeFromText(t, d.consumeFromWhere) : UNKNOWN}</dd>
            </div>
            <div>
              <dt>{t("detail.offsetsStoredOn")}</dt>
              <dd data-testid="offsets-stored-on">
                {d.offsetsStoredOn === "broker" ? t("detail.storedOnBroker") : d.offsetsStoredOn === "clients" ? t("detail.storedOnClients") : t("detail.storedOnUnknown", { unknown: UNKNOWN })}
              </dd>
            </div>
            <div>
              <dt>{t("detail.clientsOnline")}</dt>
              <dd>{d.onlineClients}</dd>
            </div>
            <div>
              <dt>{t("detail.lag")}</dt>
              <dd data-testid="group-lag">
                {d.summary.lag.partial && d.summary.lag.value !== null ? "≥ " : ""}
                {int64Text(d.summary.lag.value)}
              </dd>
            </div>
            <div>
              <dt>{t("detail.retryLag")}</dt>
              <dd>{int64Text(d.summary.retryLag.value)}</dd>
            </div>
            <div>
              <dt>{t("detail.retries")}</dt>
              <dd data-testid="group-retries" title={d.retries.topics.length > 0 ? t("detail.retriesTitle", { topics: d.retries.topics.join(", ") }) : t("detail.retriesNone")}>
                {d.retries.reason && d.retries.value !== null ? "≥ " : ""}
                {int64Text(d.retries.value)}
              </dd>
            </div>
            {d.queues.some((q) => q.inflight.value === null && q.inflight.reason?.startsWith("POP consumer")) && (
              <div>
                <dt>{t("detail.unacked")}</dt>
                <dd data-testid="group-unacked">{t("detail.unackedUnknown")}</dd>
              </div>
            )}
            <div>
              <dt>{t("detail.lagTime")}</dt>
              <dd title={d.summary.lagTime.reason}>{d.summary.lagTime.kind === "none" ? "0" : `${d.summary.lagTime.kind === "estimate" ? "≤ " : ""}${durationText(d.summary.lagTime.ms)}`}</dd>
            </div>
            <div>
              <dt>{t("detail.subscriptions")}</dt>
              <dd>{d.subscriptions.filter((s) => !s.topic.startsWith("%")).map((s) => `${s.topic} (${s.expression})`).join(", ") || UNKNOWN}</dd>
            </div>
          </dl>
          {d.consumerKindNote && (
            <p className="notice small" data-testid="consumer-kind-note">
              {d.consumerKindNote}
            </p>
          )}
          <p className="muted small">
            {d.summary.status.reason} · <DataAge at={d.fetchedAt} />
          </p>
          {d.failures.length > 0 && (
            <p className="notice" role="status" data-testid="partial-data">
              {t("detail.partial", { messages: d.failures.map((f) => f.message).join("; ") })}
            </p>
          )}
        </>
      )}
      {pq.data && pq.data.badges.some((b) => b.severity !== "info") && tab !== "process-queues" && <DiagnosisBadges badges={pq.data.badges.filter((b) => b.severity !== "info")} />}
      {/* Opened from an alert: the chart waits for the alert (its window), then opens there with the alert marked. */}
      {alertId !== undefined && alert.isPending ? null : (
        <GroupHistoryPanel key={focus ? `alert-${alertKey}` : "history"} cluster={cluster} group={group} broadcasting={d?.messageModel === "BROADCASTING"} focus={focus} />
      )}
      <div className="tabbar" role="tablist" aria-label={t("detail.tabs")} ref={tabsRef}>
        {tabs.map(([id, key]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} aria-controls={`panel-${id}`} id={`tab-${id}`} onClick={() => setTab(id)}>
            {t(key)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "queues" && d && (d.messageModel === "BROADCASTING" ? <p className="notice">{t("detail.broadcastingNotice")}</p> : <QueueTable detail={d} pq={pq.data} />)}
        {tab === "clients" &&
          (clients.data ? (
            <div className="table-wrap">
              <table className="data" data-testid="client-table">
                <thead>
                  <tr>
                    <th scope="col">{t("clients.col.clientId")}</th>
                    <th scope="col">{t("clients.col.address")}</th>
                    <th scope="col">{t("clients.col.language")}</th>
                    <th scope="col">{t("clients.col.version")}</th>
                    <th scope="col">{t("clients.col.subscription")}</th>
                    <th scope="col">{t("clients.col.brokers")}</th>
                  </tr>
                </thead>
                <tbody>
                  {clients.data.clients.map((c) => (
                    <tr key={c.clientId}>
                      <td className="mono">{c.clientId}</td>
                      <td className="mono">{c.clientAddr}</td>
                      <td title={c.proxy ? t("clients.proxyConstants") : undefined}>
                        {c.language}
                        {c.proxy ? " *" : ""}
                      </td>
                      <td title={c.proxy ? t("clients.proxyConstants") : undefined}>
                        {c.version}
                        {c.proxy ? " *" : ""}
                      </td>
                      <td data-testid="client-subscription">{subscriptionOf(c.clientId)}</td>
                      <td data-testid="client-brokers">{c.proxy ? t("clients.viaProxy", { address: c.proxy }) : c.brokers.join(", ")}</td>
                    </tr>
                  ))}
                  {clients.data.clients.length === 0 && (
                    <tr>
                      <td colSpan={6} className="muted">
                        {t("clients.none")}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
              {clients.data.clients.some((c) => c.proxy) && <p className="muted small">* {t("clients.proxyConstants")}</p>}
            </div>
          ) : (
            <p className="muted">{clients.error ? t("clients.loadError", { message: clients.error.message }) : t("clients.loading")}</p>
          ))}
        {tab === "process-queues" && <ProcessQueuePanel data={pq.data} error={pq.error} loading={pq.isPending} />}
        {tab === "rewind" && d && <RewindPanel cluster={cluster} group={group} detail={d} preset={rewindPreset} />}
      </div>
    </>
  );
}
