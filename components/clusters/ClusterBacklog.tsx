"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { BacklogChart } from "@/components/charts/BacklogChart";
import { ChartErrorBoundary } from "@/components/charts/ChartErrorBoundary";
import { DEFAULT_RANGE, prepareBacklogSeries, rangeIdOf, rangeMs, type RangeId } from "@/components/charts/prepare";
import { RangePicker } from "@/components/charts/RangePicker";
import { SamplerState } from "@/components/charts/SamplerState";
import { useClusterHistory } from "@/components/hooks/useHistory";
import { DataAge } from "@/components/ui/DataAge";
import { durationText, int64Text, UNKNOWN } from "@/lib/api/format";
import { useT } from "@/lib/i18n/react";
import type { ClusterHistory } from "@/lib/schemas";

function TopGroups({ cluster, d }: { cluster: string; d: ClusterHistory }) {
  const t = useT();
  if (d.topGroups.length === 0) return <p className="muted">{d.points.length === 0 ? t("backlog.noTop") : t("backlog.noLagging")}</p>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="top-groups">
        <thead>
          <tr>
            <th scope="col">{t("backlog.col.group")}</th>
            <th scope="col" className="num">
              {t("backlog.col.lag")}
            </th>
            <th scope="col" className="num">
              {t("backlog.col.lagTime")}
            </th>
            <th scope="col" className="num">
              {t("backlog.col.clients")}
            </th>
            <th scope="col">{t("backlog.col.sampled")}</th>
          </tr>
        </thead>
        <tbody>
          {d.topGroups.map((g) => (
            <tr key={g.group} data-testid={`top-group-${g.group}`}>
              <td>
                <Link href={`/groups/${encodeURIComponent(cluster)}/${encodeURIComponent(g.group)}`}>{g.group}</Link>
              </td>
              <td className="num">{int64Text(g.lag)}</td>
              <td className="num">{g.lagTimeMs !== null && !g.lagTimeExact ? "≤ " : ""}{durationText(g.lagTimeMs)}</td>
              <td className="num">{g.onlineClients ?? UNKNOWN}</td>
              <td>
                <DataAge at={g.t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A cluster's backlog over time (sum of every group's lag per sampler cycle) and its most lagging groups. */
export function ClusterBacklog({ cluster }: { cluster: string }) {
  const t = useT();
  const [range, setRange] = useState<RangeId>(DEFAULT_RANGE);
  const history = useClusterHistory(cluster, { lastMs: rangeMs(range) });
  const d = history.data;
  const rows = useMemo(() => (d ? prepareBacklogSeries(d.points, { maxGapMs: d.maxGapMs }) : []), [d]);
  const failed = d?.points.at(-1)?.groupsFailed ?? 0;
  return (
    <div className="history" data-testid={`backlog-${cluster}`} aria-busy={history.isFetching && history.isPlaceholderData}>
      <div className="history-head">
        <h3>{t("backlog.title")}</h3>
        <RangePicker value={range} onChange={setRange} testId="backlog-range" />
        <span className="spacer" />
        {d && (
          <span className="small">
            <SamplerState sampler={d.sampler} />
          </span>
        )}
      </div>
      {history.error && (
        <p className="bad" role="alert">
          {t("history.loadError", { message: history.error.message })}
        </p>
      )}
      {history.isPending && <p className="muted">{t("history.loading")}</p>}
      {d && (
        <ChartErrorBoundary fallback={(e) => <p className="bad">{t("history.loadError", { message: e.message })}</p>}>
          <BacklogChart
            rows={rows}
            from={d.from}
            to={d.to}
            step={d.step}
            range={rangeIdOf(d.from, d.to) ?? "custom"}
            emptyText={d.points.length === 0 ? t("history.empty", { interval: durationText(d.sampler.intervalMs) }) : t("history.allUnknown")}
          />
          {failed > 0 && <p className="notice small">{t("backlog.failed", { n: failed })}</p>}
          <h3>{t("backlog.top")}</h3>
          <TopGroups cluster={cluster} d={d} />
        </ChartErrorBoundary>
      )}
    </div>
  );
}
