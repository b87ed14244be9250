"use client";

/** Shared pieces of the history charts: the frame (with its test attributes), the time axis, markers, dots. */
import type { ReactNode } from "react";
import { CartesianGrid, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type DotItemDotProps, type XAxisProps } from "recharts";
import type { Translator } from "@/lib/i18n";
import { localOffsetMs, timeTickFormatter, timeTicks, tooltipTime, type ChartMarker } from "./prepare";

export interface ChartFrameProps {
  testId: string;
  title: ReactNode;
  /** Controls shown right of the title (a unit toggle). */
  controls?: ReactNode;
  /** Known (non-null) points: exposed as data-points so tests see the data without reading pixels. */
  points: number;
  unit: string;
  /** The preset the data covers ("15m", …) or "custom". */
  range: string;
  from: number;
  to: number;
  step?: number;
  height: number;
  /** Shown instead of the chart when set (never a blank chart). */
  emptyText?: string | undefined;
  legend?: ReactNode;
  children: ReactNode;
}

export function ChartFrame(p: ChartFrameProps) {
  return (
    <figure className="chart" data-testid={p.testId} data-points={p.points} data-unit={p.unit} data-range={p.range} data-from={p.from} data-to={p.to} data-step={p.step}>
      <figcaption>
        <span>{p.title}</span>
        <span className="spacer" />
        {p.controls}
      </figcaption>
      {p.emptyText !== undefined ? (
        <div className="chart-empty" style={{ height: p.height }} role="note">
          {p.emptyText}
        </div>
      ) : (
        <div style={{ width: "100%", height: p.height }}>
          <ResponsiveContainer width="100%" height={p.height} initialDimension={{ width: 600, height: p.height }}>
            {p.children}
          </ResponsiveContainer>
        </div>
      )}
      {p.emptyText === undefined && p.legend}
    </figure>
  );
}

/** Props of a numeric time X axis over exactly [from, to] with round local-time ticks. */
export function timeAxisProps(from: number, to: number): XAxisProps {
  return {
    dataKey: "t",
    type: "number",
    scale: "time",
    domain: [from, to],
    allowDataOverflow: true,
    ticks: timeTicks(from, to, 7, localOffsetMs(to)),
    tickFormatter: timeTickFormatter(to - from),
    stroke: "var(--chart-grid)",
    tick: { fill: "var(--chart-axis)", fontSize: 11 },
    tickLine: false,
    minTickGap: 12,
  };
}

export const yTick = { fill: "var(--chart-axis)", fontSize: 11 } as const;
export const chartMargin = { top: 8, right: 12, bottom: 0, left: 0 } as const;

/** Rewind and broker-reset markers as vertical reference lines labelled with their kind. */
export function markerLines(markers: readonly ChartMarker[], t: Translator): ReactNode[] {
  return markers.map((m) => (
    <ReferenceLine
      key={`${m.kind}-${m.t}`}
      x={m.t}
      stroke={m.kind === "rewind" ? "var(--chart-rewind)" : "var(--chart-reset)"}
      strokeDasharray="4 3"
      ifOverflow="discard"
      label={{ value: t(m.kind === "rewind" ? "history.marker.rewind" : "history.marker.broker-reset"), position: "insideTopLeft", fill: m.kind === "rewind" ? "var(--chart-rewind)" : "var(--chart-reset)", fontSize: 10 }}
    />
  ));
}

/** A span to mark on a time chart (an alert): shaded from `from` to `to` (null: up to the chart's end), a line at `at`. */
export interface ChartHighlight {
  from: number;
  /** null while it lasts (shaded to the chart's right edge). */
  to: number | null;
  /** A moment inside the span drawn as a line (when the alert fired); null for none. */
  at: number | null;
  label: string;
  atLabel: string;
}

/** The highlight as a shaded reference area and a line: an array, like markerLines, for the chart's direct children. */
export function highlightArea(h: ChartHighlight | undefined, chartTo: number): ReactNode[] {
  if (!h) return [];
  const out: ReactNode[] = [
    <ReferenceArea
      key="highlight-area"
      className="chart-highlight"
      x1={h.from}
      x2={h.to ?? chartTo}
      fill="var(--chart-alert)"
      fillOpacity={0.14}
      stroke="var(--chart-alert)"
      strokeOpacity={0.4}
      ifOverflow="hidden"
      label={{ value: h.label, position: "insideTopLeft", fill: "var(--chart-alert)", fontSize: 10 }}
    />,
  ];
  if (h.at !== null)
    out.push(
      <ReferenceLine
        key="highlight-at"
        className="chart-highlight-at"
        x={h.at}
        stroke="var(--chart-alert)"
        strokeWidth={2}
        ifOverflow="discard"
        label={{ value: h.atLabel, position: "insideBottomLeft", fill: "var(--chart-alert)", fontSize: 10 }}
      />,
    );
  return out;
}

/** A dot only where prepare marked the value as lone (a known value between two gaps): otherwise invisible. */
export function loneDot(key: string, color: string) {
  return function LoneDot(props: DotItemDotProps): ReactNode {
    const row = props.payload as { lone?: readonly string[] } | undefined;
    if (!row?.lone?.includes(key) || props.cx === undefined || props.cy === undefined) return null;
    return <circle key={`lone-${key}-${props.index}`} cx={props.cx} cy={props.cy} r={3} fill={color} stroke="none" />;
  };
}

export function TooltipBox({ t, children }: { t: number; children: ReactNode }) {
  return (
    <div className="chart-tooltip">
      <div className="when">{tooltipTime(t)}</div>
      {children}
    </div>
  );
}

export function LegendItem({ color, label, dashed = false }: { color: string; label: string; dashed?: boolean }) {
  return (
    <li>
      <span className={dashed ? "swatch dashed" : "swatch"} style={{ background: color }} />
      {label}
    </li>
  );
}

/**
 * Grid, time X axis over [from, to] and value Y axis from 0 to the last tick: the same on every history
 * chart. An array (like markerLines) because Recharts reads its chart's direct children.
 */
export function chartAxes(o: { from: number; to: number; ticks: readonly number[]; format: (v: number) => string; allowDecimals?: boolean }): ReactNode[] {
  return [
    <CartesianGrid key="grid" stroke="var(--chart-grid)" vertical={false} />,
    <XAxis key="x" {...timeAxisProps(o.from, o.to)} />,
    <YAxis
      key="y"
      width={60}
      domain={[0, o.ticks.at(-1) ?? 1]}
      ticks={[...o.ticks]}
      allowDecimals={o.allowDecimals ?? false}
      tickFormatter={o.format}
      tick={yTick}
      stroke="var(--chart-grid)"
      tickLine={false}
    />,
  ];
}

/** The hover tooltip: `render` gets the row under the cursor (our prepared row, gaps included). */
export function chartTooltip<R>(render: (row: R) => ReactNode): ReactNode {
  return (
    <Tooltip
      key="tooltip"
      isAnimationActive={false}
      cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
      content={(p) => {
        const row = p.payload?.[0]?.payload as R | undefined;
        return p.active && row ? render(row) : null;
      }}
    />
  );
}

/** A series line that never bridges a gap (convention 9), with a dot only on a lone value. */
export function gapLine<R>(o: { id: string; dataKey: string | ((row: R) => number | null); name: string; color: string; width?: number; dashed?: boolean }): ReactNode {
  return (
    <Line
      key={o.id}
      dataKey={o.dataKey}
      name={o.name}
      type="linear"
      stroke={o.color}
      strokeWidth={o.width ?? 2}
      strokeDasharray={o.dashed ? (o.width !== undefined && o.width < 2 ? "5 3" : "4 3") : undefined}
      dot={loneDot(o.id, o.color)}
      activeDot={{ r: 3 }}
      isAnimationActive={false}
      connectNulls={false}
    />
  );
}
