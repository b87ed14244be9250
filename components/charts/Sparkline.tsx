"use client";

import { Line, LineChart, XAxis, YAxis } from "recharts";
import { UNKNOWN } from "@/lib/api/format";
import { loneDot } from "./ChartParts";
import { countKnown, sparklineDomain, type ValueRow } from "./prepare";

export interface SparklineProps {
  rows: ValueRow[];
  from: number;
  to: number;
  /** Accessible name ("Lag of search-indexer over the last 60 min"). */
  label: string;
  width?: number;
  height?: number;
  testId?: string;
}

/** A tiny lag line without axes over [from, to]; "—" when no point is known. */
export function Sparkline({ rows, from, to, label, width = 88, height = 24, testId = "sparkline" }: SparklineProps) {
  const points = countKnown(rows, (r) => r.value);
  if (points === 0) {
    return (
      <span className="muted" data-testid={testId} data-points={0} title={label}>
        {UNKNOWN}
      </span>
    );
  }
  const color = "var(--chart-lag)";
  return (
    <span className="sparkline" data-testid={testId} data-points={points} role="img" aria-label={label} title={label}>
      <LineChart width={width} height={height} data={rows} margin={{ top: 3, right: 3, bottom: 3, left: 3 }} accessibilityLayer={false}>
        <XAxis dataKey="t" type="number" scale="time" domain={sparklineDomain(rows, from, to)} allowDataOverflow hide />
        <YAxis domain={[0, "auto"]} hide />
        <Line dataKey="value" type="linear" stroke={color} strokeWidth={1.75} dot={loneDot("value", color)} activeDot={false} isAnimationActive={false} connectNulls={false} />
      </LineChart>
    </span>
  );
}
