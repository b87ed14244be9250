"use client";

/** Small pieces shared by the alert list, the triage panel and the channel list. */
import { dateTimeText, durationText } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { AlertSummary, DeliveryDto } from "@/lib/schemas";
import { deliveryClass } from "./alertForms";

export const SEVERITY_KEYS: Readonly<Record<AlertSummary["severity"], PlainKey>> = {
  critical: "alerts.severity.critical",
  warning: "alerts.severity.warning",
  info: "alerts.severity.info",
};
export const PHASE_KEYS: Readonly<Record<AlertSummary["phase"], PlainKey>> = {
  firing: "alerts.phase.firing",
  pending: "alerts.phase.pending",
  resolved: "alerts.phase.resolved",
};
const DELIVERY_KEYS: Readonly<Record<DeliveryDto["state"], PlainKey>> = {
  delivered: "alerts.delivery.delivered",
  pending: "alerts.delivery.pending",
  failed: "alerts.delivery.failed",
};
const EVENT_KEYS: Readonly<Record<DeliveryDto["event"], PlainKey>> = {
  firing: "alerts.event.firing",
  resolved: "alerts.event.resolved",
  test: "alerts.event.test",
};

export function SeverityBadge({ severity }: { severity: AlertSummary["severity"] }) {
  const t = useT();
  return (
    <span className={`badge alert-severity alert-severity-${severity}`} data-testid="alert-severity" data-severity={severity}>
      {t(SEVERITY_KEYS[severity])}
    </span>
  );
}

export function PhaseBadge({ phase }: { phase: AlertSummary["phase"] }) {
  const t = useT();
  return (
    <span className={`badge alert-phase alert-phase-${phase}`} data-testid="alert-phase" data-phase={phase}>
      {t(PHASE_KEYS[phase])}
    </span>
  );
}

/** The worst delivery state of an alert's notifications ("none sent" when none was due). */
export function DeliveryBadge({ state }: { state: DeliveryDto["state"] | null }) {
  const t = useT();
  if (state === null) return <span className="muted small">{t("alerts.delivery.none")}</span>;
  return (
    <span className={deliveryClass(state)} data-testid="alert-delivery" data-state={state}>
      {state === "failed" ? "⚠ " : ""}
      {t(DELIVERY_KEYS[state])}
    </span>
  );
}

/** One delivery in words: state, event, attempts, HTTP status, error, next attempt. */
export function DeliveryLine({ d, showChannel = false }: { d: DeliveryDto; showChannel?: boolean }) {
  const t = useT();
  const notes: string[] = [t(EVENT_KEYS[d.event]), t("alerts.delivery.attempts", { n: d.attempts })];
  if (d.lastStatus !== null) notes.push(t("alerts.delivery.httpStatus", { status: d.lastStatus }));
  if (d.deliveredAtMs !== null) notes.push(t("alerts.delivery.deliveredAt", { time: dateTimeText(d.deliveredAtMs, t.locale) }));
  else if (d.nextAttemptAtMs !== null && d.state === "pending") notes.push(t("alerts.delivery.nextAttempt", { time: dateTimeText(d.nextAttemptAtMs, t.locale) }));
  return (
    <span className="delivery-line" data-testid="delivery" data-state={d.state}>
      {showChannel && <strong>{d.channelName} </strong>}
      <DeliveryBadge state={d.state} /> <span className="muted small">{notes.join(" · ")}</span>
      {d.lastError && (
        <span className="delivery-error" data-testid="delivery-error">
          {t("alerts.delivery.error", { error: d.lastError })}
        </span>
      )}
    </span>
  );
}

/** "10:04:05 (12 min ago)": a moment, and how long ago it was. */
export function When({ ms, now }: { ms: number | null; now: number }) {
  const t = useT();
  if (ms === null) return <span className="muted">—</span>;
  const seconds = Math.floor(Math.max(0, now - ms) / 1000);
  return (
    <span className="nowrap" title={new Date(ms).toISOString()}>
      {dateTimeText(ms, t.locale)} <span className="muted small">({seconds === 0 ? t("alerts.justNow") : t("alerts.ago", { duration: durationText(seconds * 1000) })})</span>
    </span>
  );
}
