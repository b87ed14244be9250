"use client";

import { LineChart } from "recharts";
import { int64Text } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartAxes, chartMargin, ChartFrame, chartTooltip, gapLine, LegendItem, TooltipBox } from "./ChartParts";
import { axisNumber, countKnown, maxValue, niceTicks, type QueueRow, type QueueSeriesInfo } from "./prepare";

export interface QueueLagChartProps {
  series: QueueSeriesInfo[];
  rows: QueueRow[];
  from: number;
  to: number;
  step?: number;
  range: string;
  emptyText?: string | undefined;
  height?: number;
}

const PALETTE = ["var(--chart-q1)", "var(--chart-q2)", "var(--chart-q3)", "var(--chart-q4)", "var(--chart-q5)", "var(--chart-q6)"];
const OTHERS = "var(--chart-others)";

function colorOf(s: QueueSeriesInfo, i: number): string {
  return s.others ? OTHERS : (PALETTE[i % PALETTE.length] ?? OTHERS);
}

function QueueTooltip({ row, series }: { row: QueueRow; series: QueueSeriesInfo[] }) {
  const t = useT();
  if (row.gap) return <TooltipBox t={row.t}>{t("history.tip.gap")}</TooltipBox>;
  return (
    <TooltipBox t={row.t}>
      {series.map((s, i) => {
        const exact = row.exact[s.id] ?? null;
        return (
          <div key={s.id}>
            <span className={s.others ? "swatch dashed" : "swatch"} style={{ background: colorOf(s, i) }} /> {s.others ? t("history.others", { count: s.count }) : s.label}{" "}
            {exact === null ? t("history.tip.unknown") : int64Text(exact)}
          </div>
        );
      })}
    </TooltipBox>
  );
}

/** Lag of the top N queues and the sum of the others, one line each. */
export function QueueLagChart({ series, rows, from, to, step, range, emptyText, height = 180 }: QueueLagChartProps) {
  const t = useT();
  const locale = useLocale();
  const points = countKnown(rows, (r) => (Object.values(r.values).some((v) => v !== null) ? 1 : null));
  const ticks = niceTicks(maxValue(rows, (r) => Math.max(0, ...Object.values(r.values).map((v) => v ?? 0))));
  const top = series.filter((s) => !s.others).length;
  return (
    <ChartFrame
      testId="queue-chart"
      title={t("history.chart.queues", { n: top })}
      points={points}
      unit="messages"
      range={range}
      from={from}
      to={to}
      step={step}
      height={height}
      emptyText={points === 0 ? emptyText : undefined}
      legend={
        <ul className="chart-legend">
          {series.map((s, i) => (
            <LegendItem key={s.id} color={colorOf(s, i)} label={s.others ? t("history.others", { count: s.count }) : s.label} dashed={s.others} />
          ))}
        </ul>
      }
    >
      <LineChart data={rows} margin={chartMargin}>
        {chartAxes({ from, to, ticks, format: (v) => axisNumber(v, locale) })}
        {chartTooltip((row: QueueRow) => <QueueTooltip row={row} series={series} />)}
        {series.map((s, i) =>
          gapLine({
            id: s.id,
            dataKey: (r: QueueRow) => r.values[s.id] ?? null,
            name: s.others ? t("history.others", { count: s.count }) : s.label,
            color: colorOf(s, i),
            width: s.others ? 1.5 : 2,
            dashed: s.others,
          }),
        )}
      </LineChart>
    </ChartFrame>
  );
}
