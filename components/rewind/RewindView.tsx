"use client";

import Link from "next/link";
import { Fragment, useId } from "react";
import { dateTimeText, durationText, int64Text, timeText, UNKNOWN } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { RewindDto, RewindQueueDto, RewindSummary } from "@/lib/schemas";
import { topicSections } from "./rewindForm";

type State = RewindDto["state"];
type Outcome = NonNullable<RewindDto["outcome"]>;
type QueueOutcome = RewindQueueDto["outcome"];
type Broker = RewindDto["brokers"][number];
type Warning = RewindDto["warnings"][number];

const STATE: Readonly<Record<State, [PlainKey, string]>> = {
  previewed: ["rewind.state.previewed", "status"],
  applying: ["rewind.state.applying", "status status-warn"],
  verifying: ["rewind.state.verifying", "status status-warn"],
  done: ["rewind.state.done", "status status-ok"],
  expired: ["rewind.state.expired", "status"],
};
const OUTCOME: Readonly<Record<Outcome, [PlainKey, string]>> = {
  applied: ["rewind.outcome.applied", "status status-ok"],
  partial: ["rewind.outcome.partial", "status status-warn"],
  failed: ["rewind.outcome.failed", "status status-stop"],
  overwritten: ["rewind.outcome.overwritten", "status status-stop"],
};
const QUEUE_OUTCOME: Readonly<Record<QueueOutcome, [PlainKey, string]>> = {
  planned: ["rewind.queue.planned", "status"],
  pending: ["rewind.queue.pending", "status status-warn"],
  applied: ["rewind.queue.applied", "status status-ok"],
  overwritten: ["rewind.queue.overwritten", "status status-stop"],
  failed: ["rewind.queue.failed", "status status-stop"],
  unchanged: ["rewind.queue.unchanged", "status"],
  unconfirmed: ["rewind.queue.unconfirmed", "status status-warn"],
};
const BROKER_STATE: Readonly<Record<Broker["state"], PlainKey>> = {
  planned: "rewind.broker.planned",
  sending: "rewind.broker.sending",
  sent: "rewind.broker.sent",
  "fell-back": "rewind.broker.fell-back",
  failed: "rewind.broker.failed",
};
const METHOD: Readonly<Record<NonNullable<Broker["method"]>, PlainKey>> = {
  "server-side": "rewind.method.server-side",
  "legacy-push": "rewind.method.legacy-push",
  "update-offset": "rewind.method.update-offset",
};
const PATH: Readonly<Record<NonNullable<Broker["path"]>, PlainKey>> = { "server-side": "rewind.path.server-side", legacy: "rewind.path.legacy" };
const SEVERITY: Readonly<Record<Warning["severity"], PlainKey>> = { info: "rewind.severity.info", warning: "rewind.severity.warning", danger: "rewind.severity.danger" };
const NOTES: Readonly<Record<string, PlainKey>> = {
  "clamped-to-min": "rewind.note.clamped-to-min",
  "clamped-to-max": "rewind.note.clamped-to-max",
  "before-retention": "rewind.note.before-retention",
  "no-committed-offset": "rewind.note.no-committed-offset",
  unchanged: "rewind.note.unchanged",
};
const NOTE_TITLES: Readonly<Record<string, PlainKey>> = {
  "clamped-to-min": "rewind.noteTitle.clamped-to-min",
  "clamped-to-max": "rewind.noteTitle.clamped-to-max",
  "before-retention": "rewind.noteTitle.before-retention",
  "no-committed-offset": "rewind.noteTitle.no-committed-offset",
  unchanged: "rewind.noteTitle.unchanged",
};

export function RewindStateBadge({ state }: { state: State }) {
  const t = useT();
  const [key, cls] = STATE[state];
  return (
    <span className={cls} data-testid="rewind-state">
      {t(key)}
    </span>
  );
}

export function RewindOutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  const t = useT();
  if (outcome === null) return <span className="muted">{UNKNOWN}</span>;
  const [key, cls] = OUTCOME[outcome];
  return (
    <span className={cls} data-testid="rewind-outcome">
      {t(key)}
    </span>
  );
}

function QueueOutcomeBadge({ outcome }: { outcome: QueueOutcome }) {
  const t = useT();
  const [key, cls] = QUEUE_OUTCOME[outcome];
  return (
    <span className={cls} data-testid="queue-outcome">
      {t(key)}
    </span>
  );
}

/** Messages delivered again / skipped: "—" when unknown (no committed offset), never 0. */
function CountCell({ value, kind }: { value: string | null; kind: "reconsume" | "skip" }) {
  const t = useT();
  if (value === null) {
    return (
      <td className="num muted" title={t("rewind.noCommitted")}>
        {UNKNOWN}
      </td>
    );
  }
  return <td className={`num${value !== "0" ? (kind === "skip" ? " rewind-skip" : " rewind-reconsume") : ""}`}>{int64Text(value)}</td>;
}

/** Who, when, what and why; links to the rewind this one undoes and to those that undo it. */
export function RewindFacts({ r, now }: { r: RewindDto; now: number }) {
  const t = useT();
  const applied = r.appliedAtMs !== null;
  const stale = r.state === "expired" || (r.state === "previewed" && now > r.expiresAtMs);
  return (
    <dl className="facts rewind-facts" data-testid="rewind-facts">
      <div>
        <dt>{t("rewind.fact.group")}</dt>
        <dd>
          <Link href={`/groups/${encodeURIComponent(r.cluster)}/${encodeURIComponent(r.group)}`}>{r.group}</Link> <span className="muted small">({r.cluster})</span>
        </dd>
      </div>
      <div>
        <dt>{t("rewind.fact.mode")}</dt>
        <dd data-testid="rewind-mode-text">{r.modeText}</dd>
      </div>
      <div>
        <dt>{t("rewind.fact.topics")}</dt>
        <dd>{r.topics.join(", ") || UNKNOWN}</dd>
      </div>
      <div>
        <dt>{t("rewind.fact.state")}</dt>
        <dd>
          <RewindStateBadge state={r.state} /> {r.outcome !== null && <RewindOutcomeBadge outcome={r.outcome} />}
        </dd>
      </div>
      <div>
        <dt>{t("rewind.fact.previewed")}</dt>
        <dd>{t("rewind.byAt", { who: r.actor, when: dateTimeText(r.createdAtMs, t.locale) })}</dd>
      </div>
      {!applied && (
        <div>
          <dt>{t("rewind.fact.validUntil")}</dt>
          <dd data-testid="rewind-valid-until" className={stale ? "bad" : undefined}>
            {stale ? t("rewind.expiredAt", { time: timeText(r.expiresAtMs) }) : t("rewind.validUntil", { time: timeText(r.expiresAtMs) })}
          </dd>
        </div>
      )}
      {applied && (
        <>
          <div>
            <dt>{t("rewind.fact.applied")}</dt>
            <dd data-testid="rewind-applied-by">{t("rewind.byAt", { who: r.appliedBy ?? UNKNOWN, when: dateTimeText(r.appliedAtMs, t.locale) })}</dd>
          </div>
          <div className="rewind-reason">
            <dt>{t("rewind.fact.reason")}</dt>
            <dd data-testid="rewind-reason">{r.reason ?? UNKNOWN}</dd>
          </div>
          <div>
            <dt>{t("rewind.fact.finished")}</dt>
            <dd>{r.finishedAtMs === null ? t("rewind.notFinished") : dateTimeText(r.finishedAtMs, t.locale)}</dd>
          </div>
        </>
      )}
      {(r.timing.sendMs !== null || r.timing.verifyMs !== null || r.timing.previewMs !== null) && (
        <div>
          <dt>{t("rewind.fact.timing")}</dt>
          <dd className="small">
            {t("rewind.timing", { preview: durationText(r.timing.previewMs), send: durationText(r.timing.sendMs), verify: durationText(r.timing.verifyMs) })}
          </dd>
        </div>
      )}
      {r.undoOfId !== null && (
        <div>
          <dt>{t("rewind.fact.undoOf")}</dt>
          <dd>
            <Link href={`/rewinds/${r.undoOfId}`} data-testid="rewind-undo-of">
              {t("rewind.undoOf", { id: r.undoOfId })}
            </Link>
          </dd>
        </div>
      )}
      {r.undoneBy.length > 0 && (
        <div>
          <dt>{t("rewind.fact.undoneBy")}</dt>
          <dd data-testid="rewind-undone-by">
            {r.undoneBy.map((id, i) => (
              <Fragment key={id}>
                {i > 0 && ", "}
                <Link href={`/rewinds/${id}`}>{t("rewind.undoneBy", { id })}</Link>
              </Fragment>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

/**
 * Danger first, then warnings, then information; a blocking one says so. An information line that only
 * repeats a broker's explanation (shown with the broker) is left out.
 */
export function RewindWarnings({ warnings, brokers = [] }: { warnings: readonly Warning[]; brokers?: readonly Broker[] }) {
  const t = useT();
  const shown = warnings.filter((w) => !(w.severity === "info" && !w.blocking && w.brokerName !== undefined && brokers.some((b) => b.brokerName === w.brokerName && b.explanation === w.message)));
  if (shown.length === 0) return null;
  const order = { danger: 0, warning: 1, info: 2 } as const;
  const sorted = [...shown].sort((a, b) => order[a.severity] - order[b.severity] || Number(b.blocking) - Number(a.blocking));
  return (
    <ul className="rewind-warnings" aria-label={t("rewind.warnings")} data-testid="rewind-warnings">
      {sorted.map((w, i) => (
        <li key={`${w.code}-${w.brokerName ?? ""}-${i}`} className={`rewind-warning rewind-warning-${w.severity}`} data-testid={`rewind-warning-${w.code}`} data-severity={w.severity}>
          <span className={`badge severity-${w.severity}`}>{t(SEVERITY[w.severity])}</span>
          {w.blocking && <span className="badge severity-danger">{t("rewind.blocksApply")}</span>} <span>{w.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** Per broker: how the reset is sent (its path and method, in one sentence) and, once applied, how it went. */
export function RewindBrokers({ brokers, applied }: { brokers: readonly Broker[]; applied: boolean }) {
  const t = useT();
  const id = useId();
  return (
    <section className="rewind-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t("rewind.brokers")}</h3>
      <ul className="rewind-brokers" data-testid="rewind-brokers">
        {brokers.map((b) => (
          <li key={b.brokerName} data-testid={`rewind-broker-${b.brokerName}`}>
            <div className="rewind-broker-head">
              <strong>{b.brokerName}</strong>
              <span className="muted small mono">{b.address || UNKNOWN}</span>
              <span className="badge">{b.version ?? t("rewind.versionUnknown")}</span>
              <span className="badge">{b.path ? t(PATH[b.path]) : t("rewind.path.unknown")}</span>
              <span className="badge">{b.method ? t(METHOD[b.method]) : t("rewind.method.none")}</span>
              <span className="muted small">{t("rewind.clientsOnline", { n: b.clientsOnline })}</span>
              {applied && (
                <span className={b.state === "failed" ? "status status-stop" : b.state === "sent" ? "status status-ok" : "status status-warn"} data-testid="broker-state">
                  {t(BROKER_STATE[b.state])}
                </span>
              )}
            </div>
            <p className="rewind-explanation">{b.explanation}</p>
            {applied && b.state !== "planned" && (
              <p className="small muted">
                {t("rewind.brokerProgress", { sent: b.queuesSent, failed: b.queuesFailed, duration: durationText(b.durationMs) })}
              </p>
            )}
            {b.error && <p className="small bad">{b.error}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Notes({ notes }: { notes: readonly string[] }) {
  const t = useT();
  return (
    <>
      {notes.map((n) => (
        <span key={n} className={`badge note-${n}`} title={NOTE_TITLES[n] ? t(NOTE_TITLES[n]) : undefined}>
          {NOTES[n] ? t(NOTES[n]) : n.replaceAll("-", " ")}
        </span>
      ))}
    </>
  );
}

/** Per topic, per queue: committed, target, range, re-consumed/skipped, notes; after apply the read-back. */
export function RewindQueues({ r }: { r: RewindDto }) {
  const t = useT();
  const id = useId();
  const applied = r.appliedAtMs !== null;
  const sections = topicSections(r.queues);
  const cols = applied ? 12 : 9;
  return (
    <section className="rewind-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t("rewind.queues")}</h3>
      <div className="table-wrap">
        <table className="data rewind-table" data-testid="rewind-queues">
          <thead>
            <tr>
              <th scope="col">{t("queues.col.broker")}</th>
              <th scope="col" className="num">{t("queues.col.queue")}</th>
              <th scope="col" className="num">{applied ? t("rewind.col.before") : t("rewind.col.committedNow")}</th>
              <th scope="col" className="num">{t("rewind.col.target")}</th>
              <th scope="col" className="num">{t("queues.col.minOffset")}</th>
              <th scope="col" className="num">{t("queues.col.maxOffset")}</th>
              <th scope="col" className="num">{t("rewind.col.reconsume")}</th>
              <th scope="col" className="num">{t("rewind.col.skip")}</th>
              <th scope="col">{t("rewind.col.notes")}</th>
              {applied && (
                <>
                  <th scope="col" className="num">{t("rewind.col.after")}</th>
                  <th scope="col">{t("rewind.col.outcome")}</th>
                  <th scope="col">{t("rewind.col.detail")}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {sections.map((s) => (
              <Fragment key={s.topic}>
                <tr className="group-head" data-testid={`rewind-topic-${s.topic}`}>
                  <th scope="rowgroup" colSpan={6}>
                    {s.topic} <span className="muted small">{t("queues.count", { count: s.queues.length })}</span>
                  </th>
                  <td className="num" data-testid="topic-reconsume">
                    {int64Text(s.reconsume.toString())}
                  </td>
                  <td className="num" data-testid="topic-skip">
                    {int64Text(s.skip.toString())}
                  </td>
                  <td colSpan={cols - 8} className="muted small">
                    {s.withoutOffset > 0 ? t("rewind.withoutOffset", { n: s.withoutOffset }) : ""}
                  </td>
                </tr>
                {s.queues.map((q) => {
                  const committed = applied && q.before !== null ? q.before : q.previewed;
                  return (
                    <tr key={`${q.brokerName}|${q.queueId}`} data-testid={`rewind-queue-${q.topic}-${q.brokerName}-${q.queueId}`}>
                      <td className="nowrap">{q.brokerName}</td>
                      <td className="num">{q.queueId}</td>
                      <td className="num" data-testid="queue-committed">
                        {int64Text(committed)}
                      </td>
                      <td className="num" data-testid="queue-target">
                        <strong>{int64Text(q.target)}</strong>
                      </td>
                      <td className="num">{int64Text(q.minOffset)}</td>
                      <td className="num">{int64Text(q.maxOffset)}</td>
                      <CountCell value={q.reconsume} kind="reconsume" />
                      <CountCell value={q.skip} kind="skip" />
                      <td>
                        <Notes notes={q.notes} />
                      </td>
                      {applied && (
                        <>
                          <td className="num" data-testid="queue-after">
                            {int64Text(q.after)}
                          </td>
                          <td>
                            <QueueOutcomeBadge outcome={q.outcome} />
                          </td>
                          <td className="small rewind-detail" data-testid="queue-detail">
                            {q.detail}
                          </td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </Fragment>
            ))}
          </tbody>
          <tfoot>
            <tr className="group-head rewind-total" data-testid="rewind-total">
              <th scope="row" colSpan={6}>
                {t("rewind.total", { queues: r.totals.queues, changed: r.totals.changed })}
              </th>
              <td className="num" data-testid="total-reconsume">
                {int64Text(r.totals.reconsume)}
              </td>
              <td className="num" data-testid="total-skip">
                {int64Text(r.totals.skip)}
              </td>
              <td colSpan={cols - 8} className="muted small">
                {[r.totals.withoutOffset > 0 ? t("rewind.withoutOffset", { n: r.totals.withoutOffset }) : "", r.totals.clamped > 0 ? t("rewind.clamped", { n: r.totals.clamped }) : ""]
                  .filter(Boolean)
                  .join(" · ")}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** Verification progress in one line (read aloud as it changes). */
export function RewindProgress({ r }: { r: RewindDto }) {
  const t = useT();
  if (r.appliedAtMs === null) return null;
  const moving = r.queues.filter((q) => q.outcome !== "unchanged");
  const settled = moving.filter((q) => q.outcome !== "pending" && q.outcome !== "planned").length;
  const key: PlainKey = r.state === "applying" ? "rewind.progress.applying" : r.state === "verifying" ? "rewind.progress.verifying" : "rewind.progress.done";
  return (
    <p className={r.state === "done" ? "rewind-progress" : "rewind-progress notice"} role="status" aria-live="polite" data-testid="rewind-progress">
      <strong>{t(key)}</strong> {t("rewind.progress.count", { settled, total: moving.length })}
    </p>
  );
}

/** The whole rewind: facts, progress, warnings, brokers, queues (the detail page and the group's preview). */
export function RewindView({ r, now }: { r: RewindDto; now: number }) {
  return (
    <div className="rewind-view" data-testid="rewind-view" data-rewind-id={r.id} data-state={r.state}>
      <RewindFacts r={r} now={now} />
      <RewindProgress r={r} />
      <RewindWarnings warnings={r.warnings} brokers={r.brokers} />
      <RewindBrokers brokers={r.brokers} applied={r.appliedAtMs !== null} />
      <RewindQueues r={r} />
    </div>
  );
}

/** A summary row's topics, shortened. */
export function topicsText(r: Pick<RewindSummary, "topics">): string {
  return r.topics.length <= 3 ? r.topics.join(", ") : `${r.topics.slice(0, 3).join(", ")} +${r.topics.length - 3}`;
}
