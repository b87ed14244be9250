"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { int64Text } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartMargin, ChartFrame, LegendItem, loneDot, timeAxisProps, TooltipBox, yTick } from "./ChartParts";
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
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis {...timeAxisProps(from, to)} />
        <YAxis width={60} domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} allowDecimals={false} tickFormatter={(v: number) => axisNumber(v, locale)} tick={yTick} stroke="var(--chart-grid)" tickLine={false} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
          content={(p) => {
            const row = p.payload?.[0]?.payload as QueueRow | undefined;
            return p.active && row ? <QueueTooltip row={row} series={series} /> : null;
          }}
        />
        {series.map((s, i) => (
          <Line
            key={s.id}
            dataKey={(r: QueueRow) => r.values[s.id] ?? null}
            name={s.others ? t("history.others", { count: s.count }) : s.label}
            type="linear"
            stroke={colorOf(s, i)}
            strokeWidth={s.others ? 1.5 : 2}
            strokeDasharray={s.others ? "5 3" : undefined}
            dot={loneDot(s.id, colorOf(s, i))}
            activeDot={{ r: 3 }}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
