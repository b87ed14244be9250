"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useClusterList } from "@/components/hooks/useClusters";
import { useRewindList } from "@/components/hooks/useRewinds";
import { DataAge } from "@/components/ui/DataAge";
import { Pager } from "@/components/ui/Pager";
import { dateTimeText, int64Text, UNKNOWN } from "@/lib/api/format";
import type { RewindListParams } from "@/lib/api/rewinds";
import { useT } from "@/lib/i18n/react";
import { RewindOutcomeBadge, topicsText } from "./RewindView";

const PAGE_SIZE = 25;
const FILTERS = ["cluster", "group", "actor", "outcome"] as const;
const OUTCOMES = ["applied", "partial", "failed", "overwritten"] as const;

/** Applied rewinds (the audit page's Rewinds view), filtered and paged through the address (?cluster=&group=…). */
export function RewindList() {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const clusters = useClusterList();
  const page = Math.max(1, Math.floor(Number(searchParams.get("page") ?? 1)) || 1);
  const params: RewindListParams = { page: String(page), pageSize: String(PAGE_SIZE) };
  for (const f of FILTERS) {
    const v = searchParams.get(f);
    if (v) params[f] = v;
  }
  const [group, setGroup] = useState(params.group ?? "");
  const [actor, setActor] = useState(params.actor ?? "");
  const { data, error, isPending, isFetching, isPlaceholderData, dataUpdatedAt } = useRewindList(params);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const update = (changes: Partial<Record<(typeof FILTERS)[number] | "page", string>>) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "" || (k === "page" && v === "1")) next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  // Typing filters the list after a pause, like the group search.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((params.group ?? "") !== group.trim() || (params.actor ?? "") !== actor.trim()) update({ group: group.trim(), actor: actor.trim() });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [group, actor]);

  return (
    <section className="panel" aria-label={t("rewinds.title")} data-testid="rewind-list">
      <form className="filters" role="search" aria-label={t("rewinds.filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("rewinds.cluster")}{" "}
          <select aria-label={t("rewinds.cluster")} value={params.cluster ?? ""} onChange={(e) => update({ cluster: e.target.value })}>
            <option value="">{t("groups.any")}</option>
            {(clusters.data?.clusters ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
            {params.cluster && !clusters.data?.clusters.some((c) => c.name === params.cluster) && <option value={params.cluster}>{params.cluster}</option>}
          </select>
        </label>
        <label>
          {t("rewinds.group")} <input type="search" aria-label={t("rewinds.group")} value={group} onChange={(e) => setGroup(e.target.value)} placeholder={t("rewinds.groupPlaceholder")} />
        </label>
        <label>
          {t("rewinds.actor")} <input type="search" aria-label={t("rewinds.actor")} value={actor} onChange={(e) => setActor(e.target.value)} placeholder={t("rewinds.actorPlaceholder")} />
        </label>
        <label>
          {t("rewinds.outcome")}{" "}
          <select aria-label={t("rewinds.outcome")} value={params.outcome ?? ""} onChange={(e) => update({ outcome: e.target.value })}>
            <option value="">{t("groups.any")}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`rewind.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {data ? t("rewinds.count", { total: data.total }) : null}
          {isFetching && !isPending ? t("groups.refreshing") : null}
        </span>
        {data && <DataAge at={dataUpdatedAt} />}
      </form>
      {error && <p className="bad">{t("rewinds.loadError", { message: error.message })}</p>}
      {isPending && <p className="muted">{t("rewinds.loading")}</p>}
      {data && data.rewinds.length === 0 && <p className="muted">{FILTERS.some((f) => params[f]) ? t("rewinds.noneMatch") : t("rewinds.none")}</p>}
      {data && data.rewinds.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="rewind-table" aria-busy={isPlaceholderData || undefined}>
            <thead>
              <tr>
                <th scope="col">{t("rewinds.col.id")}</th>
                <th scope="col">{t("rewinds.col.time")}</th>
                <th scope="col">{t("rewinds.col.who")}</th>
                <th scope="col">{t("rewinds.col.group")}</th>
                <th scope="col">{t("rewinds.col.mode")}</th>
                <th scope="col">{t("rewinds.col.topics")}</th>
                <th scope="col" className="num">{t("rewind.col.reconsume")}</th>
                <th scope="col" className="num">{t("rewind.col.skip")}</th>
                <th scope="col">{t("rewinds.col.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rewinds.map((r) => (
                <tr key={r.id} data-testid={`rewind-row-${r.id}`}>
                  <td>
                    <Link href={`/rewinds/${r.id}`} aria-label={t("rewinds.open", { id: r.id })}>
                      #{r.id}
                    </Link>
                  </td>
                  <td className="nowrap" title={r.appliedAtMs === null ? undefined : new Date(r.appliedAtMs).toISOString()}>
                    {dateTimeText(r.appliedAtMs, t.locale)}
                  </td>
                  <td>
                    {r.appliedBy ?? r.actor}
                    {r.reason && (
                      <span className="audit-details muted small" title={r.reason}>
                        {r.reason}
                      </span>
                    )}
                  </td>
                  <td className="nowrap">
                    <Link href={`/groups/${encodeURIComponent(r.cluster)}/${encodeURIComponent(r.group)}`}>{r.group}</Link> <span className="muted small">{r.cluster}</span>
                  </td>
                  <td className="rewind-mode-cell">
                    {r.modeText}
                    {r.undoOfId !== null && (
                      <>
                        {" "}
                        <Link href={`/rewinds/${r.undoOfId}`} className="badge">
                          {t("rewind.undoOf", { id: r.undoOfId })}
                        </Link>
                      </>
                    )}
                  </td>
                  <td className="nowrap" title={r.topics.join(", ")}>
                    {topicsText(r) || UNKNOWN}
                  </td>
                  <td className="num">{int64Text(r.totals.reconsume)}</td>
                  <td className="num">{int64Text(r.totals.skip)}</td>
                  <td>{r.state === "done" ? <RewindOutcomeBadge outcome={r.outcome} /> : <span className="status status-warn">{t(`rewind.state.${r.state}`)}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={page} pages={pages} onPage={(p) => update({ page: String(p) })} />}
    </section>
  );
}
