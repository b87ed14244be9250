"use client";

import { LineChart } from "recharts";
import { rateText } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartAxes, chartMargin, ChartFrame, chartTooltip, gapLine, LegendItem, markerLines, TooltipBox } from "./ChartParts";
import { axisNumber, countKnown, maxValue, niceTicks, type ChartMarker, type RateRow } from "./prepare";

export interface RateChartProps {
  rows: RateRow[];
  from: number;
  to: number;
  step?: number;
  range: string;
  markers: readonly ChartMarker[];
  emptyText?: string | undefined;
  height?: number;
}

const PRODUCE = "var(--chart-produce)";
const CONSUME = "var(--chart-consume)";

function RateTooltip({ row }: { row: RateRow }) {
  const t = useT();
  if (row.gap) return <TooltipBox t={row.t}>{t("history.tip.gap")}</TooltipBox>;
  return (
    <TooltipBox t={row.t}>
      <div>
        <span className="swatch" style={{ background: PRODUCE }} /> {t("history.produce")} {row.produce === null ? t("history.tip.unknown") : rateText(row.produce)}
      </div>
      <div>
        <span className="swatch" style={{ background: CONSUME }} /> {t("history.consume")} {row.consume === null ? t("history.tip.unknown") : rateText(row.consume)}
      </div>
      {row.rewind && <div className="muted">{t("history.tip.rewind")}</div>}
    </TooltipBox>
  );
}

/** Produce vs consume rate (messages/s); rewinds are markers, never negative values. */
export function RateChart({ rows, from, to, step, range, markers, emptyText, height = 180 }: RateChartProps) {
  const t = useT();
  const locale = useLocale();
  const points = countKnown(rows, (r) => r.produce ?? r.consume);
  const ticks = niceTicks(maxValue(rows, (r) => Math.max(r.produce ?? 0, r.consume ?? 0)));
  return (
    <ChartFrame
      testId="rate-chart"
      title={t("history.chart.rates")}
      points={points}
      unit="messages/s"
      range={range}
      from={from}
      to={to}
      step={step}
      height={height}
      emptyText={points === 0 ? emptyText : undefined}
      legend={
        <ul className="chart-legend">
          <LegendItem color={PRODUCE} label={t("history.produce")} />
          <LegendItem color={CONSUME} label={t("history.consume")} />
        </ul>
      }
    >
      <LineChart data={rows} margin={chartMargin}>
        {chartAxes({ from, to, ticks, format: (v) => axisNumber(v, locale), allowDecimals: true })}
        {chartTooltip((row: RateRow) => <RateTooltip row={row} />)}
        {markerLines(markers, t)}
        {gapLine({ id: "produce", dataKey: "produce", name: t("history.produce"), color: PRODUCE })}
        {gapLine({ id: "consume", dataKey: "consume", name: t("history.consume"), color: CONSUME })}
      </LineChart>
    </ChartFrame>
  );
}
