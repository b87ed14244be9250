"use client";

import { LineChart } from "recharts";
import { durationText, int64Text } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartAxes, chartMargin, ChartFrame, chartTooltip, gapLine, highlightArea, LegendItem, markerLines, TooltipBox, type ChartHighlight } from "./ChartParts";
import { axisNumber, axisSeconds, countKnown, lagRowValue, maxValue, niceTicks, secondsTicks, type ChartMarker, type LagRow, type LagUnit } from "./prepare";
import { UnitToggle } from "./RangePicker";

export interface LagChartProps {
  rows: LagRow[];
  unit: LagUnit;
  onUnitChange?: (unit: LagUnit) => void;
  from: number;
  to: number;
  step?: number;
  range: string;
  markers: readonly ChartMarker[];
  /** Shown instead of the chart when no point is known (set by the caller, which knows why). */
  emptyText?: string | undefined;
  height?: number;
  /** A span to mark (the alert of the triage view). */
  highlight?: ChartHighlight | undefined;
}

const LOWER = "var(--chart-others)";

function LagTooltip({ row, unit }: { row: LagRow; unit: LagUnit }) {
  const t = useT();
  if (row.gap) {
    return <TooltipBox t={row.t}>{t("history.tip.gap")}</TooltipBox>;
  }
  const lag = row.exact === null ? t("history.tip.unknown") : `${row.partial ? "≥ " : ""}${int64Text(row.exact)}`;
  const lagTime = row.lagTimeMs === null ? t("history.tip.unknown") : `${row.lagTimeEstimate ? "≤ " : ""}${durationText(row.lagTimeMs)}`;
  return (
    <TooltipBox t={row.t}>
      {unit === "messages" ? (
        <>
          <div>
            <strong>{t("history.tip.lag")}</strong> {lag}
          </div>
          {row.maxExact !== null && row.maxExact !== row.exact && (
            <div>
              {t("history.tip.max")} {int64Text(row.maxExact)}
            </div>
          )}
          <div>
            {t("history.tip.lagTime")} {lagTime}
          </div>
        </>
      ) : (
        <>
          <div>
            <strong>{t("history.tip.lagTime")}</strong> {lagTime}
          </div>
          <div>
            {t("history.tip.lag")} {row.exact === null ? t("history.tip.unknown") : lag}
          </div>
        </>
      )}
      <div>
        {t("history.tip.clients")} {row.onlineClients ?? t("history.tip.unknown")}
      </div>
      {row.partial && <div className="muted">{t("history.tip.partial")}</div>}
    </TooltipBox>
  );
}

/** Lag over time in messages, or (unit "seconds") the age of the oldest unconsumed message. */
export function LagChart({ rows, unit, onUnitChange, from, to, step, range, markers, emptyText, height = 220, highlight }: LagChartProps) {
  const t = useT();
  const locale = useLocale();
  const points = countKnown(rows, lagRowValue);
  const lowerBounds = countKnown(rows, (r) => r.lowerBound);
  const color = "var(--chart-lag)";
  const max = maxValue(rows, lagRowValue);
  const ticks = unit === "seconds" ? secondsTicks(max) : niceTicks(max);
  return (
    <ChartFrame
      testId="lag-chart"
      title={t(unit === "seconds" ? "history.chart.lagTime" : "history.chart.lag")}
      controls={onUnitChange && <UnitToggle value={unit} onChange={onUnitChange} />}
      points={points}
      unit={unit}
      range={range}
      from={from}
      to={to}
      step={step}
      height={height}
      emptyText={points === 0 ? emptyText : undefined}
      legend={
        lowerBounds > 0 && (
          <ul className="chart-legend">
            <LegendItem color={color} label={t(unit === "seconds" ? "history.tip.lagTime" : "history.tip.lag")} />
            <LegendItem color={LOWER} label={t("history.lowerBound")} dashed />
          </ul>
        )
      }
    >
      <LineChart data={rows} margin={chartMargin}>
        {chartAxes({ from, to, ticks, format: (v) => (unit === "seconds" ? axisSeconds(v) : axisNumber(v, locale)), allowDecimals: unit === "seconds" })}
        {chartTooltip((row: LagRow) => <LagTooltip row={row} unit={unit} />)}
        {highlightArea(highlight, to)}
        {markerLines(markers, t)}
        {gapLine({ id: "value", dataKey: "value", name: t(unit === "seconds" ? "history.tip.lagTime" : "history.tip.lag"), color })}
        {gapLine({ id: "lowerBound", dataKey: "lowerBound", name: t("history.lowerBound"), color: LOWER, dashed: true })}
      </LineChart>
    </ChartFrame>
  );
}
