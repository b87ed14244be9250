"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Segmented } from "@/components/charts/RangePicker";
import { useAlertList } from "@/components/hooks/useAlerts";
import { useNow } from "@/components/hooks/useNow";
import { DataAge } from "@/components/ui/DataAge";
import { Pager } from "@/components/ui/Pager";
import { ALERT_PHASE_FILTERS, isPhaseFilter, type AlertPhaseFilter } from "@/lib/api/alerts";
import { dateTimeText, durationText } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { AlertSummary } from "@/lib/schemas";
import { triageHref } from "./alertForms";
import { DeliveryBadge, PhaseBadge, SeverityBadge, When } from "./AlertBits";

const PAGE_SIZE = 50;

const FILTER_KEYS: Readonly<Record<AlertPhaseFilter, PlainKey>> = {
  open: "alerts.filter.open",
  firing: "alerts.filter.firing",
  pending: "alerts.filter.pending",
  resolved: "alerts.filter.resolved",
  all: "alerts.filter.all",
};

/** Acknowledged / silenced, with who and why. */
export function AckState({ a, now }: { a: Pick<AlertSummary, "ack" | "silence">; now: number }) {
  const t = useT();
  const silenced = a.silence !== null && a.silence.untilMs > now;
  if (!a.ack && !silenced) return <span className="muted">{t("alerts.state.none")}</span>;
  return (
    <span className="alert-state">
      {a.ack && (
        <span className="alert-ack" data-testid="alert-ack">
          <span className="badge alert-acked">{t("alerts.state.acked")}</span> {t("alerts.state.ackedBy", { who: a.ack.by, time: dateTimeText(a.ack.atMs, t.locale) })}
          {a.ack.comment && <q className="alert-comment">{a.ack.comment}</q>}
        </span>
      )}
      {silenced && a.silence && (
        <span className="alert-silence" data-testid="alert-silence">
          <span className="badge alert-silenced">{t("alerts.state.silenced")}</span>{" "}
          {t("alerts.state.silencedUntil", { time: dateTimeText(a.silence.untilMs, t.locale), who: a.silence.by, left: durationText(a.silence.untilMs - now) })}
          {a.silence.comment && <q className="alert-comment">{a.silence.comment}</q>}
        </span>
      )}
    </span>
  );
}

/** The alert list (the Alerts tab): firing first, filtered by phase (and cluster/group from the address), a page at a time. */
export function AlertList() {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const phaseParam = searchParams.get("phase");
  const phase: AlertPhaseFilter = isPhaseFilter(phaseParam) ? phaseParam : "open";
  const cluster = searchParams.get("cluster") ?? "";
  const group = searchParams.get("group") ?? "";
  const page = Math.max(1, Math.floor(Number(searchParams.get("page") ?? 1)) || 1);
  const now = useNow(10_000);
  const { data, error, isPending, isFetching, isPlaceholderData, dataUpdatedAt } = useAlertList({
    phase,
    ...(cluster ? { cluster } : {}),
    ...(group ? { group } : {}),
    page,
    pageSize: PAGE_SIZE,
  });
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const go = (changes: Record<string, string | null>) => {
    const qs = new URLSearchParams(searchParams.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") qs.delete(k);
      else qs.set(k, v);
    }
    const query = qs.toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <section className="panel" aria-label={t("alerts.tab.alerts")} data-testid="alert-list">
      <div className="panel-head">
        <Segmented<AlertPhaseFilter>
          label={t("alerts.filter.label")}
          options={ALERT_PHASE_FILTERS.map((f) => ({ value: f, text: t(FILTER_KEYS[f]) }))}
          value={phase}
          onChange={(f) => go({ phase: f === "open" ? null : f, page: null })}
          testId="alert-phase-filter"
        />
        {data && (
          <span className="alert-counts" data-testid="alert-counts" data-firing={data.counts.firing} data-pending={data.counts.pending} data-resolved={data.counts.resolved}>
            <span className={data.counts.firing > 0 ? "count-firing" : undefined}>{t("alerts.counts.firing", { n: data.counts.firing })}</span>
            {" · "}
            {t("alerts.counts.pending", { n: data.counts.pending })}
            {" · "}
            {t("alerts.counts.resolved", { n: data.counts.resolved })}
          </span>
        )}
        <span className="spacer" />
        {data && (
          <span className="muted small" data-testid="alerts-evaluated">
            {data.lastEvaluatedAtMs === null ? t("alerts.evaluatedNever") : t.rich("alerts.evaluated", { age: <DataAge at={data.lastEvaluatedAtMs} /> })}
            {isFetching && !isPending ? ` ${t("groups.refreshing")}` : ""}
          </span>
        )}
        {data && !isFetching && <DataAge at={dataUpdatedAt} />}
      </div>
      {(cluster || group) && (
        <p className="small">
          {t("alerts.filteredBy", { what: [cluster, group].filter(Boolean).join(" / ") })} <button type="button" className="link" onClick={() => go({ cluster: null, group: null, page: null })}>{t("alerts.clearFilter")}</button>
        </p>
      )}
      {error && (
        <p className="bad" role="alert">
          {t("alerts.loadError", { message: error.message })}
        </p>
      )}
      {isPending && <p className="muted">{t("alerts.loading")}</p>}
      {data && data.alerts.length === 0 && (
        <p className="muted" data-testid="alerts-none">
          {phase === "open" || phase === "firing" ? t("alerts.noneOpen") : t("alerts.none")}
        </p>
      )}
      {data && data.alerts.length > 0 && (
        <div className="table-wrap">
          <table className="data alert-table" aria-busy={isPlaceholderData || undefined}>
            <thead>
              <tr>
                <th scope="col">{t("alerts.col.severity")}</th>
                <th scope="col">{t("alerts.col.rule")}</th>
                <th scope="col">{t("alerts.col.group")}</th>
                <th scope="col">{t("alerts.col.times")}</th>
                <th scope="col">{t("alerts.col.evidence")}</th>
                <th scope="col">{t("alerts.col.state")}</th>
                <th scope="col">{t("alerts.col.notifications")}</th>
              </tr>
            </thead>
            <tbody>
              {data.alerts.map((a) => (
                <tr key={a.id} data-testid={`alert-row-${a.id}`} data-alert-id={a.id} data-group={a.group} data-phase={a.phase} className={`alert-row alert-row-${a.phase}`}>
                  <td className="nowrap">
                    <SeverityBadge severity={a.severity} />
                    <br />
                    <PhaseBadge phase={a.phase} />
                  </td>
                  <td>
                    <strong>{a.ruleName}</strong>
                    {a.conditionText.toLowerCase() !== a.ruleName.toLowerCase() && <div className="muted small">{a.conditionText}</div>}
                  </td>
                  <td>
                    <Link href={triageHref(a)} aria-label={t("alerts.triageOf", { id: a.id, group: a.group })} data-testid="alert-triage-link">
                      {a.group}
                    </Link>
                    <div className="muted small">{a.cluster}</div>
                  </td>
                  <td className="alert-times">
                    <div>
                      {t("alerts.time.since")} <When ms={a.sinceMs} now={now} />
                    </div>
                    {a.firedAtMs !== null && (
                      <div>
                        {t("alerts.time.fired")} <When ms={a.firedAtMs} now={now} />
                      </div>
                    )}
                    {a.resolvedAtMs !== null && (
                      <div>
                        {t("alerts.time.resolved")} <When ms={a.resolvedAtMs} now={now} />
                      </div>
                    )}
                  </td>
                  <td className="alert-evidence">
                    <div data-testid="alert-evidence">{a.evidence}</div>
                    {a.lastValue && a.lastValue !== a.evidence && (
                      <div className="muted small" data-testid="alert-last-value">
                        {t("alerts.lastValue", { value: a.lastValue })}
                      </div>
                    )}
                  </td>
                  <td>
                    <AckState a={a} now={now} />
                  </td>
                  <td>
                    <DeliveryBadge state={a.delivery} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={page} pages={pages} onPage={(p) => go({ page: p <= 1 ? null : String(p) })} />}
    </section>
  );
}
