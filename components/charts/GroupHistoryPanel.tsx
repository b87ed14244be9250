"use client";

import { useMemo, useState } from "react";
import { useGroupHistory } from "@/components/hooks/useHistory";
import { durationText, timeText } from "@/lib/api/format";
import type { HistoryWindow } from "@/lib/api/queries";
import type { Translator } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { EtaDto, GroupHistory } from "@/lib/schemas";
import { ChartErrorBoundary } from "./ChartErrorBoundary";
import type { ChartHighlight } from "./ChartParts";
import { LagChart } from "./LagChart";
import {
  DEFAULT_RANGE,
  mergeMarkers,
  prepareLagSeries,
  prepareQueueSeries,
  prepareRateSeries,
  rangeIdOf,
  rangeMs,
  type LagUnit,
  type RangeId,
} from "./prepare";
import { QueueLagChart } from "./QueueLagChart";
import { RangePicker } from "./RangePicker";
import { RateChart } from "./RateChart";
import { SamplerState } from "./SamplerState";

function etaHeadline(t: Translator, eta: EtaDto): string {
  switch (eta.state) {
    case "caught-up":
      return t("history.eta.caught-up");
    case "draining":
      return t("history.eta.draining", { eta: durationText(eta.etaMs) });
    case "will-not-drain":
      return t("history.eta.will-not-drain");
    case "stalled":
      return t("history.eta.stalled");
    case "unknown":
      return eta.atLeastMs !== null ? t("history.eta.unknownAtLeast", { eta: durationText(eta.atLeastMs) }) : t("history.eta.unknown");
  }
}

/** "Catch-up: draining — about 4 min" and the server's reason (with the numbers it used). */
export function EtaLine({ eta }: { eta: EtaDto }) {
  const t = useT();
  const notes = [t("history.eta.window", { window: durationText(eta.windowMs) })];
  if (eta.worstQueue) notes.push(t("history.eta.worst", { queue: eta.worstQueue }));
  if (eta.partial) notes.push(t("history.eta.partial"));
  return (
    <p className={`eta eta-${eta.state}`} data-testid="eta" data-state={eta.state}>
      <strong>{etaHeadline(t, eta)}</strong>
      <span>{eta.reason}</span> <span className="muted small">({notes.join(" · ")})</span>
    </p>
  );
}

function stepText(t: Translator, d: GroupHistory): string {
  return d.resolution === "raw" ? t("history.step.raw") : t("history.step.bucketed", { step: durationText(d.step) });
}

function Charts({ d, unit, onUnitChange, broadcasting, highlight }: { d: GroupHistory; unit: LagUnit; onUnitChange: (u: LagUnit) => void; broadcasting: boolean; highlight?: ChartHighlight | undefined }) {
  const t = useT();
  const prepared = useMemo(() => {
    const opts = { maxGapMs: d.maxGapMs };
    const rates = prepareRateSeries(d.points, opts);
    return {
      lag: prepareLagSeries(d.points, { ...opts, unit }),
      rates: rates.rows,
      markers: mergeMarkers(d.markers, rates.markers, t("history.marker.rewind")),
      queues: prepareQueueSeries(d.queues, opts),
    };
  }, [d, unit, t]);
  const range = rangeIdOf(d.from, d.to) ?? "custom";
  const common = { from: d.from, to: d.to, step: d.step, range };
  if (d.points.length === 0) {
    const empty = broadcasting
      ? t("history.broadcasting")
      : d.sampler.cycles >= 2
        ? t("history.emptyRange")
        : t("history.empty", { interval: durationText(d.sampler.intervalMs) });
    return <LagChart rows={[]} unit={unit} onUnitChange={onUnitChange} markers={[]} emptyText={empty} highlight={highlight} {...common} />;
  }
  return (
    <>
      <EtaLine eta={d.eta} />
      <LagChart rows={prepared.lag} unit={unit} onUnitChange={onUnitChange} markers={prepared.markers} emptyText={t("history.allUnknown")} highlight={highlight} {...common} />
      {prepared.markers.length > 0 && (
        <ul className="chart-legend" data-testid="history-markers">
          {prepared.markers.map((m) => (
            <li key={`${m.kind}-${m.t}`}>
              <span className="swatch" style={{ background: m.kind === "rewind" ? "var(--chart-rewind)" : "var(--chart-reset)" }} />
              {timeText(m.t)} {t(m.kind === "rewind" ? "history.marker.rewind" : "history.marker.broker-reset")}
              {m.text && m.text !== t("history.marker.rewind") ? `: ${m.text}` : ""}
            </li>
          ))}
        </ul>
      )}
      <div className="history-grid">
        <RateChart rows={prepared.rates} markers={prepared.markers} emptyText={t("history.noRates")} {...common} />
        <QueueLagChart series={prepared.queues.series} rows={prepared.queues.rows} emptyText={t("history.noQueues")} {...common} />
      </div>
    </>
  );
}

/**
 * What the triage view of an alert adds: an "Alert" window (picked first) and the alert's span marked on
 * the lag chart, with a line under the chart saying what is marked.
 */
export interface HistoryFocus {
  /** The button's text ("Alert #12"). */
  label: string;
  window: HistoryWindow;
  highlight: ChartHighlight;
  /** The sentence under the chart ("pending from 10:00:01, firing from 10:02:01, still firing"). */
  legend: string;
}

/** The group page's history: range, lag (messages or seconds), rates, per-queue lag, catch-up ETA, sampler age. */
export function GroupHistoryPanel({ cluster, group, broadcasting = false, focus }: { cluster: string; group: string; broadcasting?: boolean; focus?: HistoryFocus | undefined }) {
  const t = useT();
  const [range, setRange] = useState<RangeId | "focus">(focus ? "focus" : DEFAULT_RANGE);
  const [unit, setUnit] = useState<LagUnit>("messages");
  const focused = focus !== undefined && range === "focus";
  const history = useGroupHistory(cluster, group, focused ? focus.window : { lastMs: rangeMs(range === "focus" ? DEFAULT_RANGE : range) });
  const d = history.data;
  return (
    <section className="panel history" aria-labelledby="history-title" data-testid="group-history" aria-busy={history.isFetching && history.isPlaceholderData}>
      <div className="history-head">
        <h2 id="history-title">{t("history.title")}</h2>
        {focus ? <RangePicker<"focus"> value={range} onChange={setRange} extra={[{ value: "focus", text: focus.label }]} /> : <RangePicker value={range === "focus" ? DEFAULT_RANGE : range} onChange={setRange} />}
        <span className="spacer" />
        {d && (
          <span className="muted small" data-testid="history-step">
            {stepText(t, d)}
          </span>
        )}
      </div>
      <p className="history-meta small">{d ? <SamplerState sampler={d.sampler} /> : null}</p>
      {history.error && (
        <p className="bad" role="alert" data-testid="history-error">
          {t("history.loadError", { message: history.error.message })}
        </p>
      )}
      {history.isPending && <p className="muted">{t("history.loading")}</p>}
      {d && (
        <ChartErrorBoundary fallback={(e) => <p className="bad">{t("history.loadError", { message: e.message })}</p>}>
          <Charts d={d} unit={unit} onUnitChange={setUnit} broadcasting={broadcasting} highlight={focus?.highlight} />
        </ChartErrorBoundary>
      )}
      {focus && (
        <p className="chart-legend alert-legend" data-testid="alert-marker" data-from={focus.highlight.from} data-fired={focus.highlight.at ?? undefined} data-to={focus.highlight.to ?? undefined}>
          <span className="swatch" style={{ background: "var(--chart-alert)" }} />
          {focus.legend}
        </p>
      )}
    </section>
  );
}
