"use client";

import { LineChart } from "recharts";
import { int64Text } from "@/lib/api/format";
import { useLocale, useT } from "@/lib/i18n/react";
import { chartAxes, chartMargin, ChartFrame, chartTooltip, gapLine, TooltipBox } from "./ChartParts";
import { axisNumber, countKnown, maxValue, niceTicks, type BacklogRow } from "./prepare";

export interface BacklogChartProps {
  rows: BacklogRow[];
  from: number;
  to: number;
  step?: number;
  range: string;
  emptyText?: string | undefined;
  height?: number;
}

function BacklogTooltip({ row }: { row: BacklogRow }) {
  const t = useT();
  if (row.gap) return <TooltipBox t={row.t}>{t("history.tip.gap")}</TooltipBox>;
  return (
    <TooltipBox t={row.t}>
      <div>
        <strong>{t("history.tip.lag")}</strong> {row.groupsFailed > 0 ? "≥ " : ""}
        {int64Text(row.exact)}
      </div>
      <div>{t("history.tip.groups", { lagging: row.groupsLagging, groups: row.groups })}</div>
      {row.groupsFailed > 0 && <div className="bad">{t("history.tip.groupsFailed", { n: row.groupsFailed })}</div>}
    </TooltipBox>
  );
}

/** A cluster's total backlog (sum of every sampled group's lag) per sampler cycle. */
export function BacklogChart({ rows, from, to, step, range, emptyText, height = 200 }: BacklogChartProps) {
  const t = useT();
  const locale = useLocale();
  const points = countKnown(rows, (r) => r.value);
  const color = "var(--chart-lag)";
  const ticks = niceTicks(maxValue(rows, (r) => r.value));
  return (
    <ChartFrame testId="backlog-chart" title={t("backlog.chart")} points={points} unit="messages" range={range} from={from} to={to} step={step} height={height} emptyText={points === 0 ? emptyText : undefined}>
      <LineChart data={rows} margin={chartMargin}>
        {chartAxes({ from, to, ticks, format: (v) => axisNumber(v, locale) })}
        {chartTooltip((row: BacklogRow) => <BacklogTooltip row={row} />)}
        {gapLine({ id: "value", dataKey: "value", name: t("history.tip.lag"), color })}
      </LineChart>
    </ChartFrame>
  );
}
