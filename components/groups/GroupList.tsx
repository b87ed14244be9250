"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useGroupList } from "@/components/hooks/useGroups";
import { DataAge } from "@/components/ui/DataAge";
import { SortableHeader } from "@/components/ui/SortableHeader";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { consumeTypeText, durationText, int64Text, modelText, rateText, UNKNOWN } from "@/lib/api/format";
import type { GroupListParams } from "@/lib/api/queries";
import type { GroupRow } from "@/lib/schemas";

const PARAMS = ["search", "model", "status", "lagging", "system", "sort", "dir", "page", "pageSize"] as const;

function LagCell({ lag }: { lag: GroupRow["lag"] }) {
  if (lag.value === null) return <span className="muted" title={lag.reason}>{UNKNOWN}</span>;
  return (
    <span title={lag.partial ? `at least: ${lag.reason ?? "some queues could not be read"}` : undefined}>
      {lag.partial ? "≥ " : ""}
      {int64Text(lag.value)}
    </span>
  );
}

export function GroupList({ cluster }: { cluster: string }) {
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
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const header = (label: string, column: string, numeric = false) => <SortableHeader label={label} column={column} sort={sort} dir={dir} onSort={onSort} numeric={numeric} />;

  return (
    <section aria-label={`Consumer groups of ${cluster}`}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="group name" aria-label="Search groups" />
        </label>
        <label>
          Model{" "}
          <select value={params.model ?? ""} onChange={(e) => update({ model: e.target.value })}>
            <option value="">any</option>
            <option value="CLUSTERING">clustering</option>
            <option value="BROADCASTING">broadcasting</option>
            <option value="unknown">unknown (offline)</option>
          </select>
        </label>
        <label>
          Status{" "}
          <select value={params.status ?? ""} onChange={(e) => update({ status: e.target.value })}>
            <option value="">any</option>
            {["OK", "WARN", "STALL", "STOP", "REWIND", "UNKNOWN"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={params.lagging === "1"} onChange={(e) => update({ lagging: e.target.checked ? "1" : "" })} /> only lagging
        </label>
        <label className="check">
          <input type="checkbox" checked={params.system === "1"} onChange={(e) => update({ system: e.target.checked ? "1" : "" })} /> system groups
        </label>
        <span className="spacer" />
        {data && (
          <span className="muted" aria-live="polite">
            {data.total} of {data.totalGroups} groups{isFetching ? " · refreshing" : ""}
          </span>
        )}
      </form>
      {error && <p className="bad">Could not load groups: {error.message}</p>}
      {data && data.failures.length > 0 && (
        <p className="notice" role="status">
          Partial list: {data.failures.map((f) => f.message).join("; ")}
        </p>
      )}
      {isPending && <p className="muted">Loading groups…</p>}
      {data && (
        <table className="data" data-testid="group-table">
          <thead>
            <tr>
              {header("Group", "group")}
              <th scope="col">Topics</th>
              <th scope="col">Model</th>
              <th scope="col">Type</th>
              {header("Clients", "clients", true)}
              {header("Lag", "lag", true)}
              {header("Retry lag", "retryLag", true)}
              {header("Lag in time", "lagTime", true)}
              {header("Consume rate", "consumeRate", true)}
              {header("Status", "status")}
              {header("Data age", "age")}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.group} data-testid={`group-row-${r.group}`}>
                <td>
                  <Link href={`/groups/${encodeURIComponent(cluster)}/${encodeURIComponent(r.group)}`}>{r.group}</Link>
                  {r.system && <span className="badge">system</span>}
                </td>
                <td className="topics">{r.topics.length ? r.topics.join(", ") : UNKNOWN}</td>
                <td>{modelText(r.messageModel)}</td>
                <td>{consumeTypeText(r.consumeType)}</td>
                <td className="num">{r.onlineClients ?? UNKNOWN}</td>
                <td className="num" data-testid="lag">
                  <LagCell lag={r.lag} />
                </td>
                <td className="num">
                  <LagCell lag={r.retryLag} />
                </td>
                <td className="num" title={r.lagTime.reason}>
                  {r.lagTime.kind === "estimate" ? "≤ " : ""}
                  {r.lagTime.kind === "none" ? "0" : durationText(r.lagTime.ms)}
                </td>
                <td className="num">{r.rewound ? <span title="a committed offset moved backwards (rewind)">rewound</span> : rateText(r.consumeRate)}</td>
                <td>
                  <StatusBadge code={r.status.code} reason={r.status.reason} />
                </td>
                <td>{r.error ? <span className="bad" title={r.error}>error</span> : <DataAge at={r.fetchedAt ?? undefined} />}</td>
              </tr>
            ))}
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={11} className="muted">
                  No group matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {data && pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
            ← Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
            Next →
          </button>
        </nav>
      )}
      {data && (
        <p className="muted small">
          Figures of rows not on screen come from a background sweep ({data.sweep.covered} groups read
          {data.sweep.lastCompletedAt ? ", last completed " : ""}
          {data.sweep.lastCompletedAt ? <DataAge at={data.sweep.lastCompletedAt} /> : ""}); the rows shown are read live.
        </p>
      )}
    </section>
  );
}
