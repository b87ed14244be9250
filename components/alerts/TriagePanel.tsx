"use client";

import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { useSession } from "@/components/auth/Session";
import { DiagnosisBadges } from "@/components/groups/ProcessQueuePanel";
import { useAckAlert, useSilenceAlert } from "@/components/hooks/useAlerts";
import { useNow } from "@/components/hooks/useNow";
import { DataAge } from "@/components/ui/DataAge";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { canTriage } from "@/lib/api/alerts";
import { dateTimeText, durationText, int64Text, UNKNOWN } from "@/lib/api/format";
import { useT } from "@/lib/i18n/react";
import type { AlertDto, ProcessQueues } from "@/lib/schemas";
import { SILENCE_PRESETS, silenceMinutes } from "./alertForms";
import { DeliveryLine, PhaseBadge, SeverityBadge, When } from "./AlertBits";
import { AckState } from "./AlertList";

export interface TriageShortcuts {
  /** Opens the Rewind tab with "latest" previewed. */
  previewSkip: () => void;
  /** Opens the Rewind tab with a rewind to `atMs` previewed. */
  previewRewindTo: (atMs: number) => void;
  /** Opens the ProcessQueue tab. */
  openProcessQueues: () => void;
}

/**
 * The top of a group page opened from an alert (`?alert=`): what fired and why (the values and the status
 * at firing time), its notifications, acknowledge and silence for operators, the ProcessQueue diagnosis now,
 * and shortcuts to preview a skip or a rewind. A failure to load the alert degrades this panel only.
 */
export function TriagePanel({
  alertId,
  cluster,
  group,
  alert,
  error,
  loading,
  pq,
  shortcuts,
}: {
  alertId: number;
  cluster: string;
  group: string;
  alert: AlertDto | undefined;
  error: Error | null;
  loading: boolean;
  pq: { data: ProcessQueues | undefined; error: Error | null; loading: boolean };
  shortcuts: TriageShortcuts;
}) {
  const t = useT();
  const id = useId();
  const now = useNow(5_000);
  const session = useSession();
  const operator = canTriage(session?.role);
  const back = (
    <Link href="/alerts" data-testid="triage-back">
      {t("triage.back")}
    </Link>
  );
  if (!alert) {
    return (
      <section className="panel triage" aria-label={t("triage.title", { id: alertId })} data-testid="triage">
        <div className="panel-head">
          <h2>{t("triage.title", { id: alertId })}</h2>
          <span className="spacer" />
          {back}
        </div>
        {error ? (
          <p className="bad" role="alert" data-testid="triage-error">
            {t("triage.loadError", { id: alertId, message: error.message })}
          </p>
        ) : (
          <p className="muted">{loading ? t("common.loading") : t("triage.noData")}</p>
        )}
      </section>
    );
  }
  const elsewhere = alert.cluster !== cluster || alert.group !== group;
  const s = alert.snapshot;
  return (
    <section className={`panel triage triage-${alert.phase} triage-${alert.severity}`} aria-labelledby={`${id}-h`} data-testid="triage" data-alert-id={alert.id} data-phase={alert.phase}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>
          {t("triage.title", { id: alert.id })} · {alert.ruleName}
        </h2>
        <SeverityBadge severity={alert.severity} />
        <PhaseBadge phase={alert.phase} />
        <span className="spacer" />
        {back}
      </div>
      {elsewhere && (
        <p className="notice" role="note">
          {t("triage.elsewhere", { cluster: alert.cluster, group: alert.group })}
        </p>
      )}
      <dl className="facts triage-facts">
        <div>
          <dt>{t("triage.condition")}</dt>
          <dd>{alert.conditionText}</dd>
        </div>
        <div>
          <dt>{t("alerts.time.since")}</dt>
          <dd>
            <When ms={alert.sinceMs} now={now} />
          </dd>
        </div>
        <div>
          <dt>{t("alerts.time.fired")}</dt>
          <dd>{alert.firedAtMs === null ? t("triage.notFired") : <When ms={alert.firedAtMs} now={now} />}</dd>
        </div>
        <div>
          <dt>{t("alerts.time.resolved")}</dt>
          <dd>{alert.resolvedAtMs === null ? t("triage.stillOpen", { duration: durationText(now - alert.sinceMs) }) : <When ms={alert.resolvedAtMs} now={now} />}</dd>
        </div>
      </dl>
      <div className="triage-grid">
        <div>
          <h3>{t(alert.firedAtMs === null ? "triage.atLatest" : "triage.atFiring")}</h3>
          <p data-testid="triage-evidence">
            <strong>{alert.evidence}</strong>
          </p>
          <p data-testid="triage-status">
            {s.status ? <StatusBadge code={s.status} /> : <span className="muted">{UNKNOWN}</span>} {s.statusReason ?? t("triage.noReason")}
            {s.rewindId !== null && (
              <>
                {" "}
                <Link href={`/rewinds/${s.rewindId}`}>{t("triage.rewindExplains", { id: s.rewindId })}</Link>
              </>
            )}
          </p>
          <p className="small muted" data-testid="triage-snapshot">
            {t("triage.snapshot", {
              lag: int64Text(s.lag),
              lagTime: s.lagSeconds === null ? UNKNOWN : durationText(s.lagSeconds * 1000),
              eta: s.eta === null ? UNKNOWN : s.eta.seconds !== null ? `${s.eta.state}, ${durationText(s.eta.seconds * 1000)}` : s.eta.state,
              clients: s.clientsOnline === null ? UNKNOWN : s.clientsOnline,
            })}
          </p>
          <p className="small">
            {t("alerts.lastValue", { value: alert.lastValue || UNKNOWN })} <span className="muted">({t.rich("alerts.evaluated", { age: <DataAge at={alert.lastEvaluatedAtMs} /> })})</span>
          </p>
          {(alert.ack !== null || (alert.silence !== null && alert.silence.untilMs > now)) && (
            <div className="small">
              <AckState a={alert} now={now} />
            </div>
          )}
        </div>
        <div>
          <h3>{t("triage.notifications")}</h3>
          {alert.deliveries.length === 0 ? (
            <p className="muted small">{t("triage.noDeliveries")}</p>
          ) : (
            <ul className="delivery-list" data-testid="triage-deliveries">
              {alert.deliveries.map((d) => (
                <li key={d.id} className={d.state === "failed" ? "delivery-failed-item" : undefined}>
                  <DeliveryLine d={d} showChannel />
                </li>
              ))}
            </ul>
          )}
          <h3>{t("triage.diagnosis")}</h3>
          {alert.snapshot.diagnosis ? (
            <div data-testid="triage-diagnosis-fired">
              <p className="muted small">{t.rich("triage.diagnosisFired", { at: <DataAge at={alert.snapshot.diagnosis.atMs} /> })}</p>
              {alert.snapshot.diagnosis.error !== null ? (
                <p className="bad small">{t("triage.diagnosisFiredError", { message: alert.snapshot.diagnosis.error })}</p>
              ) : (
                <DiagnosisBadges badges={alert.snapshot.diagnosis.badges} />
              )}
            </div>
          ) : null}
          {pq.error ? (
            <p className="bad small">{t("pq.loadError", { message: pq.error.message })}</p>
          ) : pq.data ? (
            <>
              <p className="muted small">{t.rich("triage.diagnosisNow", { age: <DataAge at={pq.data.fetchedAt} /> })}</p>
              {pq.data.clients.length === 0 ? <p className="small" data-testid="triage-no-clients">{t("pq.noClients")}</p> : <DiagnosisBadges badges={pq.data.badges} />}
            </>
          ) : (
            <p className="muted small">{pq.loading ? t("pq.loading") : t("pq.noData")}</p>
          )}
          <button type="button" className="link" onClick={shortcuts.openProcessQueues} data-testid="triage-open-pq">
            {t("triage.openPq")}
          </button>
        </div>
      </div>
      {operator ? (
        <div className="triage-actions">
          <AckForm alert={alert} />
          <SilenceForm alert={alert} now={now} />
          <div className="triage-shortcuts" role="group" aria-label={t("triage.shortcuts")}>
            <h3>{t("triage.shortcuts")}</h3>
            <p className="hint wide">{t("triage.shortcutsHint")}</p>
            <div className="button-row">
              <button type="button" className="button" onClick={shortcuts.previewSkip} data-testid="triage-preview-skip">
                {t("triage.previewSkip")}
              </button>
              <button type="button" className="button" onClick={() => shortcuts.previewRewindTo(alert.sinceMs)} data-testid="triage-preview-rewind">
                {t("triage.previewRewind", { time: dateTimeText(alert.sinceMs, t.locale) })}
              </button>
            </div>
          </div>
        </div>
      ) : (
        <p className="muted small" data-testid="triage-needs-operator">
          {t("triage.needsOperator")}
        </p>
      )}
    </section>
  );
}

function AckForm({ alert }: { alert: AlertDto }) {
  const t = useT();
  const id = useId();
  const ack = useAckAlert();
  const [comment, setComment] = useState("");
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (comment.trim() === "") return;
    ack.mutate({ id: alert.id, comment: comment.trim() }, { onSuccess: () => setComment("") });
  };
  return (
    <form className="form triage-form" onSubmit={submit} data-testid="triage-ack">
      <h3>{alert.ack ? t("triage.ackAgain") : t("triage.ack")}</h3>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t("triage.ackComment")}</label>
        <textarea id={`${id}-comment`} rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={ack.isPending || comment.trim() === ""}>
          {ack.isPending ? t("triage.acking") : t("triage.ackSubmit")}
        </button>
      </div>
      {ack.error && !ack.isPending && (
        <p className="form-error" role="alert">
          {t("triage.ackError", { message: ack.error.message })}
        </p>
      )}
    </form>
  );
}

type CustomUnit = "minutes" | "hours" | "days";

function SilenceForm({ alert, now }: { alert: AlertDto; now: number }) {
  const t = useT();
  const id = useId();
  const silence = useSilenceAlert();
  const [comment, setComment] = useState("");
  const [amount, setAmount] = useState("2");
  const [unit, setUnit] = useState<CustomUnit>("hours");
  const silenced = alert.silence !== null && alert.silence.untilMs > now;
  const custom = silenceMinutes(amount, unit);
  const send = (minutes: number) => silence.mutate({ id: alert.id, minutes, comment: comment.trim() }, { onSuccess: () => setComment("") });
  const hours = (m: number) => m / 60;
  return (
    <form className="form triage-form" onSubmit={(e) => e.preventDefault()} data-testid="triage-silence">
      <h3>{t("triage.silence")}</h3>
      <p className="hint wide">{t("triage.silenceHint")}</p>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t("triage.silenceComment")}</label>
        <input id={`${id}-comment`} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="button-row">
        {SILENCE_PRESETS.map((m) => (
          <button key={m} type="button" disabled={silence.isPending} onClick={() => send(m)}>
            {t("triage.silenceFor", { n: hours(m) })}
          </button>
        ))}
        <span className="duration-input">
          <input type="number" min={1} step="any" inputMode="decimal" aria-label={t("triage.silenceAmount")} value={amount} onChange={(e) => setAmount(e.target.value)} />
          <select aria-label={t("triage.silenceUnit")} value={unit} onChange={(e) => setUnit(e.target.value as CustomUnit)}>
            <option value="minutes">{t("alerts.unit.minutes")}</option>
            <option value="hours">{t("alerts.unit.hours")}</option>
            <option value="days">{t("alerts.unit.days")}</option>
          </select>
        </span>
        <button type="button" disabled={silence.isPending || custom === null} onClick={() => custom !== null && send(custom)}>
          {t("triage.silenceCustom")}
        </button>
        {silenced && (
          <button type="button" disabled={silence.isPending} onClick={() => send(0)} data-testid="triage-unsilence">
            {t("triage.unsilence")}
          </button>
        )}
      </div>
      {custom === null && (
        <p className="muted small" role="status">
          {t("triage.silenceProblem")}
        </p>
      )}
      {silence.error && !silence.isPending && (
        <p className="form-error" role="alert">
          {t("triage.silenceError", { message: silence.error.message })}
        </p>
      )}
    </form>
  );
}
