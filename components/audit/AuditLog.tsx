"use client";

import { Pager } from "@/components/ui/Pager";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useAuditLog } from "@/components/hooks/useAuth";
import { DataAge } from "@/components/ui/DataAge";
import { dateTimeText, UNKNOWN } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { auditRowSchema } from "@/lib/schemas";
import type { z } from "zod";

type AuditRow = z.infer<typeof auditRowSchema>;

const PAGE_SIZE = 50;

const OUTCOMES: Readonly<Record<AuditRow["outcome"], PlainKey>> = { ok: "audit.outcome.ok", denied: "audit.outcome.denied", error: "audit.outcome.error" };
const OUTCOME_CLASS: Readonly<Record<AuditRow["outcome"], string>> = { ok: "status status-ok", denied: "status status-stop", error: "status status-warn" };
const VIA: Readonly<Record<AuditRow["actorKind"], PlainKey>> = {
  session: "audit.via.session",
  token: "audit.via.token",
  system: "audit.via.system",
  "auth-off": "audit.via.auth-off",
};

/** The audit log, a page at a time (?page= in the address, so a page can be linked and reloaded). */
export function AuditLog() {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const page = Math.max(1, Math.floor(Number(searchParams.get("page") ?? 1)) || 1);
  const { data, error, isPending, isFetching, isPlaceholderData, dataUpdatedAt } = useAuditLog(page, PAGE_SIZE);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const go = (next: number) => {
    const qs = new URLSearchParams(searchParams.toString());
    if (next <= 1) qs.delete("page");
    else qs.set("page", String(next));
    const query = qs.toString();
    router.push(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return (
    <section className="panel" aria-label={t("audit.title")}>
      <div className="panel-head">
        <span className="muted">
          {data ? t("audit.count", { total: data.total }) : null}
          {isFetching && !isPending ? t("groups.refreshing") : null}
        </span>
        <span className="spacer" />
        {data && <DataAge at={dataUpdatedAt} />}
      </div>
      {error && <p className="bad">{t("audit.loadError", { message: error.message })}</p>}
      {isPending && <p className="muted">{t("audit.loading")}</p>}
      {data && data.entries.length === 0 && <p className="muted">{t("audit.none")}</p>}
      {data && data.entries.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="audit-table" aria-busy={isPlaceholderData || undefined}>
            <thead>
              <tr>
                <th scope="col">{t("audit.col.time")}</th>
                <th scope="col">{t("audit.col.actor")}</th>
                <th scope="col">{t("audit.col.action")}</th>
                <th scope="col">{t("audit.col.target")}</th>
                <th scope="col">{t("audit.col.outcome")}</th>
                <th scope="col">{t("audit.col.from")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="nowrap" title={new Date(e.at).toISOString()}>
                    {dateTimeText(e.at, t.locale)}
                  </td>
                  <td>
                    {e.actor}
                    <span className="badge">{t(VIA[e.actorKind])}</span>
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className="audit-target">
                    <span className="mono">{e.target || UNKNOWN}</span>
                    {e.details && e.details !== "{}" && (
                      <span className="audit-details muted small" title={e.details}>
                        {e.details}
                      </span>
                    )}
                  </td>
                  <td>
                    <span className={OUTCOME_CLASS[e.outcome]}>{t(OUTCOMES[e.outcome])}</span>
                  </td>
                  <td className="mono nowrap">{e.ip || UNKNOWN}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pager page={page} pages={pages} onPage={go} />}
    </section>
  );
}
