"use client";

import { Pager } from "@/components/ui/Pager";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Sparkline } from "@/components/charts/Sparkline";
import { prepareValueSeries } from "@/components/charts/prepare";
import { useGroupList } from "@/components/hooks/useGroups";
import { useSparklines } from "@/components/hooks/useHistory";
import { DataAge } from "@/components/ui/DataAge";
import { SortableHeader } from "@/components/ui/SortableHeader";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { durationText, int64Text, rateText, UNKNOWN } from "@/lib/api/format";
import type { GroupListParams } from "@/lib/api/queries";
import { consumerKindKey, consumeTypeKey, modelKey, type PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { GroupRow, Sparklines } from "@/lib/schemas";

const PARAMS = ["search", "model", "status", "lagging", "system", "sort", "dir", "page", "pageSize"] as const;

function LagCell({ lag }: { lag: GroupRow["lag"] }) {
  const t = useT();
  if (lag.value === null) return <span className="muted" title={lag.reason}>{UNKNOWN}</span>;
  return (
    <span title={lag.partial ? t("groups.atLeast", { reason: lag.reason ?? t("groups.someUnread") }) : undefined}>
      {lag.partial ? "≥ " : ""}
      {int64Text(lag.value)}
    </span>
  );
}

const SPARK_MINUTES = 60;

/** The last hour of a group's lag, from the page's one sparklines request; "—" when it has no sample. */
function TrendCell({ group, spark, placeholder, error }: { group: string; spark: Sparklines | undefined; placeholder: boolean; error: Error | null }) {
  const t = useT();
  const points = spark?.series[group];
  if (!spark && error) {
    return (
      <td className="trend muted" title={t("history.loadError", { message: error.message })}>
        {UNKNOWN}
      </td>
    );
  }
  // Still loading, or the data on screen is a previous page's (its groups differ): show nothing yet.
  if (!spark || (placeholder && points === undefined)) return <td className="trend" />;
  return (
    <td className="trend">
      <Sparkline
        rows={prepareValueSeries(points ?? [], { maxGapMs: spark.maxGapMs })}
        from={spark.from}
        to={spark.to}
        label={t("history.sparkline", { group, minutes: SPARK_MINUTES })}
      />
    </td>
  );
}

export function GroupList({ cluster }: { cluster: string }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params: GroupListParams = {};
  for (const p of PARAMS) {
    const v = searchParams.get(p);
    if (v !== null && v !== "") params[p] = v;
  }
  const sort = params.sort ?? "lag";
  const dir = (params.dir ?? "desc") as "asc" | "desc";
  const page = Number(params.page ?? 1);
  const [search, setSearch] = useState(params.search ?? "");

  const update = (changes: GroupListParams) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  useEffect(() => {
    const timer = setTimeout(() => {
      if ((params.search ?? "") !== search) update({ search });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const onSort = (column: string) => update({ sort: column, dir: sort === column && dir === "desc" ? "asc" : "desc" });
  const { data, error, isPending, isFetching } = useGroupList(cluster, params);
  const spark = useSparklines(cluster, data?.rows.map((r) => r.group) ?? [], SPARK_MINUTES);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const label = (key: PlainKey | null) => (key ? t(key) : UNKNOWN);
  const header = (key: PlainKey, column: string, numeric = false) => <SortableHeader label={t(key)} column={column} sort={sort} dir={dir} onSort={onSort} numeric={numeric} />;

  return (
    <section aria-label={t("groups.sectionLabel", { cluster })}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("groups.search")}{" "}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("groups.searchPlaceholder")} aria-label={t("groups.searchLabel")} />
        </label>
        <label>
          {t("groups.model")}{" "}
          <select value={params.model ?? ""} onChange={(e) => update({ model: e.target.value })}>
            <option value="">{t("groups.any")}</option>
            <option value="CLUSTERING">{t("model.clustering")}</option>
            <option value="BROADCASTING">{t("model.broadcasting")}</option>
            <option value="unknown">{t("groups.modelUnknown")}</option>
          </select>
        </label>
        <label>
          {t("groups.status")}{" "}
          <select value={params.status ?? ""} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t("groups.any")}</option>
            {["OK", "WARN", "STALL", "STOP", "REWIND", "UNKNOWN"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={params.lagging === "1"} onChange={(e) => update({ lagging: e.target.checked ? "1" : "" })} /> {t("groups.onlyLagging")}
        </label>
        <label className="check">
          <input type="checkbox" checked={params.system === "1"} onChange={(e) => update({ system: e.target.checked ? "1" : "" })} /> {t("groups.systemGroups")}
        </label>
        <span className="spacer" />
        {data && (
          <span className="muted" aria-live="polite">
            {t("groups.count", { shown: data.total, total: data.totalGroups })}
            {isFetching ? t("groups.refreshing") : ""}
          </span>
        )}
      </form>
      {error && <p className="bad">{t("groups.loadError", { message: error.message })}</p>}
      {data && data.failures.length > 0 && (
        <p className="notice" role="status">
          {t("groups.partial", { messages: data.failures.map((f) => f.message).join("; ") })}
        </p>
      )}
      {isPending && <p className="muted">{t("groups.loading")}</p>}
      {data && (
        <div className="table-wrap">
          <table className="data" data-testid="group-table">
            <thead>
              <tr>
                {header("groups.col.group", "group")}
                {header("groups.col.topics", "topics")}
                {header("groups.col.model", "model")}
                {header("groups.col.type", "type")}
                {header("groups.col.clients", "clients", true)}
                {header("groups.col.lag", "lag", true)}
                <th scope="col">{t("groups.col.trend")}</th>
                {header("groups.col.retryLag", "retryLag", true)}
                {header("groups.col.lagTime", "lagTime", true)}
                {header("groups.col.consumeRate", "consumeRate", true)}
                {header("groups.col.status", "status")}
                {header("groups.col.age", "age")}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.group} data-testid={`group-row-${r.group}`}>
                  <td>
                    <Link href={`/groups/${encodeURIComponent(cluster)}/${encodeURIComponent(r.group)}`}>{r.group}</Link>
                    {r.system && <span className="badge">{t("groups.systemBadge")}</span>}
                  </td>
                  <td className="topics">{r.topics.length ? r.topics.join(", ") : UNKNOWN}</td>
                  <td>{label(modelKey(r.messageModel))}</td>
                  <td>{label(consumerKindKey(r.consumerKind) ?? consumeTypeKey(r.consumeType))}</td>
                  <td className="num" data-testid="clients">
                    {r.onlineClients ?? UNKNOWN}
                  </td>
                  <td className="num" data-testid="lag">
                    <LagCell lag={r.lag} />
                  </td>
                  <TrendCell group={r.group} spark={spark.data} placeholder={spark.isPlaceholderData} error={spark.error} />
                  <td className="num">
                    <LagCell lag={r.retryLag} />
                  </td>
                  <td className="num" title={r.lagTime.reason}>
                    {r.lagTime.kind === "estimate" ? "≤ " : ""}
                    {r.lagTime.kind === "none" ? "0" : durationText(r.lagTime.ms)}
                  </td>
                  <td className="num">{r.rewound ? <span title={t("groups.rewoundTitle")}>{t("groups.rewound")}</span> : rateText(r.consumeRate)}</td>
                  <td>
                    <StatusBadge code={r.status.code} reason={r.status.reason} />
                  </td>
                  <td>{r.error ? <span className="bad" title={r.error}>{t("groups.error")}</span> : <DataAge at={r.fetchedAt ?? undefined} />}</td>
                </tr>
              ))}
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={12} className="muted">
                    {t("groups.none")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={page} pages={pages} onPage={(p) => update({ page: String(p) })} />}
      {data && (
        <p className="muted small">
          {data.sweep.lastCompletedAt
            ? t.rich("groups.sweepLast", { covered: data.sweep.covered, age: <DataAge at={data.sweep.lastCompletedAt} /> })
            : t("groups.sweep", { covered: data.sweep.covered })}
        </p>
      )}
    </section>
  );
}
