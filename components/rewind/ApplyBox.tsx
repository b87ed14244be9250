"use client";

import { useId, useState, type FormEvent } from "react";
import { useSession } from "@/components/auth/Session";
import { useApplyRewind } from "@/components/hooks/useRewinds";
import { int64Text, timeText } from "@/lib/api/format";
import { canRewind, RewindDriftError } from "@/lib/api/rewinds";
import { useT } from "@/lib/i18n/react";
import type { RewindDto } from "@/lib/schemas";

const MIN_REASON = 3;

/**
 * Applying a stored preview: a reason (audited) and the group's name typed exactly. Refused with the reason
 * shown when the user is not an operator, the preview is blocked, or it expired. A 409 because the offsets
 * moved since the preview lists the queues and offers "Apply anyway".
 */
export function ApplyBox({ r, now }: { r: RewindDto; now: number }) {
  const t = useT();
  const id = useId();
  const session = useSession();
  const apply = useApplyRewind(r.cluster, r.group);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const expired = r.state === "expired" || now > r.expiresAtMs;
  const blocking = r.warnings.filter((w) => w.blocking);
  const refusal = !canRewind(session?.role)
    ? t("rewind.needsOperator")
    : r.blocked
      ? t("rewind.blocked", { reasons: blocking.map((w) => w.message).join(" ") || t("rewind.blockedUnknown") })
      : expired
        ? t("rewind.expired", { time: timeText(r.expiresAtMs) })
        : null;
  const refusalId = refusal ? `${id}-refusal` : undefined;
  const reasonOk = reason.trim().length >= MIN_REASON;
  const nameOk = typed === r.group;
  const drift = apply.error instanceof RewindDriftError ? apply.error : null;

  const send = (acceptDrift: boolean) => {
    if (refusal || !reasonOk || !nameOk) return;
    // Success lands in the rewind's cache (useApplyRewind): the page showing it moves on from there.
    apply.mutate({ id: r.id, reason: reason.trim(), confirmGroup: typed, ...(acceptDrift ? { acceptDrift: true } : {}) });
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    send(false);
  };

  return (
    <section className="panel rewind-apply" aria-labelledby={`${id}-h`} data-testid="rewind-apply">
      <h2 id={`${id}-h`}>{t("rewind.apply.title", { id: r.id })}</h2>
      {refusal ? (
        <p className={r.blocked ? "notice rewind-blocked" : "notice"} role="note" id={refusalId} data-testid="rewind-apply-refusal">
          {refusal}
        </p>
      ) : (
        <p className="muted">{t("rewind.apply.intro", { time: timeText(r.expiresAtMs) })}</p>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="bare rewind-fields" disabled={refusal !== null} aria-describedby={refusalId}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t("rewind.apply.reason")}</label>
            <textarea id={`${id}-reason`} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${id}-reason-hint`} />
            <span className="hint wide" id={`${id}-reason-hint`}>
              {t("rewind.apply.reasonHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t("rewind.apply.typeName", { group: r.group })}</label>
            <input
              id={`${id}-name`}
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={typed !== "" && !nameOk ? true : undefined}
              aria-describedby={`${id}-name-hint`}
            />
            <span className={typed !== "" && !nameOk ? "hint wide bad" : "hint wide"} id={`${id}-name-hint`}>
              {typed !== "" && !nameOk ? t("rewind.apply.nameMismatch") : t("rewind.apply.nameHint")}
            </span>
          </div>
          <div className="button-row">
            <button type="submit" className="primary danger" disabled={refusal !== null || !reasonOk || !nameOk || apply.isPending} aria-describedby={refusalId}>
              {apply.isPending ? t("rewind.apply.applying") : t("rewind.apply.submit")}
            </button>
          </div>
        </fieldset>
      </form>
      {drift && !apply.isPending && (
        <div className="notice rewind-drift" role="alert" data-testid="rewind-drift">
          <p>{drift.message}</p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("rewind.drift.queue")}</th>
                  <th scope="col" className="num">{t("rewind.drift.previewed")}</th>
                  <th scope="col" className="num">{t("rewind.drift.current")}</th>
                  <th scope="col">{t("rewind.drift.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {drift.drift.map((d) => (
                  <tr key={`${d.topic}|${d.brokerName}|${d.queueId}`}>
                    <td className="nowrap">
                      {d.brokerName}/{d.queueId} <span className="muted small">({d.topic})</span>
                    </td>
                    <td className="num">{int64Text(d.previewed)}</td>
                    <td className="num">{int64Text(d.current)}</td>
                    <td>{d.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form button-row">
            <button type="button" className="primary danger" disabled={refusal !== null || !reasonOk || !nameOk} onClick={() => send(true)}>
              {t("rewind.drift.applyAnyway")}
            </button>
            <span className="muted small">{t("rewind.drift.orPreviewAgain")}</span>
          </div>
        </div>
      )}
      {apply.error && !drift && !apply.isPending && (
        <p className="form-error" role="alert" data-testid="rewind-apply-error">
          {t("rewind.apply.error", { message: apply.error.message })}
        </p>
      )}
    </section>
  );
}
