"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { rateText } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartMargin, ChartFrame, LegendItem, loneDot, markerLines, timeAxisProps, TooltipBox, yTick } from "./ChartParts";
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
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to)} />
        <YAxis width={60} domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} tickFormatter={(v: number) => axisNumber(v, locale)} tick={yTick} stroke="var(--chart-grid)" tickLine={false} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
          content={(p) => {
            const row = p.payload?.[0]?.payload as RateRow | undefined;
            return p.active && row ? <RateTooltip row={row} /> : null;
          }}
        />
        {markerLines(markers, t)}
        <Line dataKey="produce" name={t("history.produce")} type="linear" stroke={PRODUCE} strokeWidth={2} dot={loneDot("produce", PRODUCE)} activeDot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
        <Line dataKey="consume" name={t("history.consume")} type="linear" stroke={CONSUME} strokeWidth={2} dot={loneDot("consume", CONSUME)} activeDot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
      </LineChart>
    </ChartFrame>
  );
}
