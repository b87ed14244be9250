"use client";

import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useSession } from "@/components/auth/Session";
import { useNow } from "@/components/hooks/useNow";
import { usePreviewRewind } from "@/components/hooks/useRewinds";
import { knownText } from "@/lib/api/format";
import { canRewind } from "@/lib/api/rewinds";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { GroupDetail, RewindDto } from "@/lib/schemas";
import {
  AGO_PRESETS,
  applyPreset,
  buildPreviewRequest,
  localInputToIso,
  queueKeyOf,
  toLocalInput,
  zoneLabel,
  type AgoUnit,
  type ModeKind,
  type RewindFormState,
  type RewindPreset,
  type TimeInput,
} from "./rewindForm";

const MODES: ReadonlyArray<[ModeKind, PlainKey]> = [
  ["timestamp", "rewind.mode.timestamp"],
  ["earliest", "rewind.mode.earliest"],
  ["latest", "rewind.mode.latest"],
  ["offsets", "rewind.mode.offsets"],
  ["shift", "rewind.mode.shift"],
];
const UNITS: ReadonlyArray<[AgoUnit, PlainKey]> = [
  ["minutes", "rewind.unit.minutes"],
  ["hours", "rewind.unit.hours"],
  ["days", "rewind.unit.days"],
];
const PRESET_KEYS: Readonly<Record<AgoUnit, "rewind.preset.minutes" | "rewind.preset.hours" | "rewind.preset.days">> = {
  minutes: "rewind.preset.minutes",
  hours: "rewind.preset.hours",
  days: "rewind.preset.days",
};

/** The group's business topics: those with offsets, and those an online client subscribes to. */
export function businessTopics(detail: GroupDetail): string[] {
  const names = new Set(detail.topics.filter((t) => t.kind === "business").map((t) => t.topic));
  for (const s of detail.subscriptions) if (!s.topic.startsWith("%")) names.add(s.topic);
  return [...names].sort();
}

/** The browser's time zone and its offset at `ms` ("Europe/Berlin (UTC+01:00)"). */
function browserZone(ms: number): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
  return zoneLabel(zone, -new Date(ms).getTimezoneOffset());
}

/**
 * The rewind form of a group page: mode, scope, Preview. Only an operator (or admin) may preview; anyone
 * else sees the form disabled with the reason. Nothing is sent to a broker here: a preview is stored and
 * shown, and applying it is a separate step.
 */
export function RewindForm({
  cluster,
  group,
  detail,
  onPreviewed,
  preset,
}: {
  cluster: string;
  group: string;
  detail: GroupDetail;
  onPreviewed: (r: RewindDto) => void;
  /** Opens the form with this mode and previews it once (still only a preview: applying stays the operator's step). */
  preset?: RewindPreset | undefined;
}) {
  const t = useT();
  const id = useId();
  const session = useSession();
  const allowed = canRewind(session?.role);
  const reasonId = allowed ? undefined : `${id}-reason`;
  const topics = businessTopics(detail);
  const queues = detail.queues.filter((q) => topics.includes(q.topic));
  const preview = usePreviewRewind(cluster, group);
  const now = useNow(30_000);
  const [form, setForm] = useState<RewindFormState>(() => applyPreset({
    mode: "timestamp",
    timeInput: "ago",
    agoAmount: "10",
    agoUnit: "minutes",
    at: toLocalInput(Math.floor((now - 10 * 60_000) / 60_000) * 60_000).slice(0, 16),
    shiftBy: "",
    topics,
    someQueues: false,
    queues: [],
    offsets: {},
  }, preset));
  const set = (changes: Partial<RewindFormState>) => setForm((f) => ({ ...f, ...changes }));
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const built = buildPreviewRequest(form);
  const atIso = form.mode === "timestamp" && form.timeInput === "at" ? localInputToIso(form.at) : null;
  const zone = browserZone(atIso ? Date.parse(atIso) : now);

  // A preset previews once, as if Preview had been pressed (the parent gives a new key for the next click).
  const presetPreviewed = useRef(false);
  useEffect(() => {
    if (!preset || presetPreviewed.current || !allowed || !built.ok) return;
    presetPreviewed.current = true;
    preview.mutate(built.body, { onSuccess: onPreviewed });
  }, [preset, allowed, built, preview, onPreviewed]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!allowed || !built.ok) return;
    preview.mutate(built.body, { onSuccess: onPreviewed });
  };

  return (
    <section className="panel rewind-form" aria-labelledby={`${id}-h`} data-testid="rewind-form">
      <h2 id={`${id}-h`}>{t("rewind.form.title", { group })}</h2>
      <p className="muted">{t("rewind.form.intro")}</p>
      {!allowed && (
        <div className="notice" role="note" id={reasonId} data-testid="rewind-needs-operator">
          {t("rewind.needsOperator")}
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="bare rewind-fields" disabled={!allowed} aria-describedby={reasonId}>
          <fieldset className="choice">
            <legend>{t("rewind.mode")}</legend>
            {MODES.map(([mode, key]) => (
              <label key={mode} className="check">
                <input type="radio" name={`${id}-mode`} value={mode} checked={form.mode === mode} onChange={() => set({ mode })} /> {t(key)}
              </label>
            ))}
          </fieldset>

          {form.mode === "timestamp" && (
            <fieldset className="choice">
              <legend>{t("rewind.time")}</legend>
              {(
                [
                  ["ago", "rewind.time.ago"],
                  ["at", "rewind.time.at"],
                ] as Array<[TimeInput, PlainKey]>
              ).map(([input, key]) => (
                <label key={input} className="check">
                  <input type="radio" name={`${id}-time`} value={input} checked={form.timeInput === input} onChange={() => set({ timeInput: input })} /> {t(key)}
                </label>
              ))}
              {form.timeInput === "ago" ? (
                <div className="rewind-ago">
                  <div className="seg" role="group" aria-label={t("rewind.presets")}>
                    {AGO_PRESETS.map((p) => (
                      <button
                        key={`${p.amount}${p.unit}`}
                        type="button"
                        aria-pressed={form.agoAmount === String(p.amount) && form.agoUnit === p.unit}
                        onClick={() => set({ agoAmount: String(p.amount), agoUnit: p.unit })}
                      >
                        {t(PRESET_KEYS[p.unit], { n: p.amount })}
                      </button>
                    ))}
                  </div>
                  <span className="rewind-ago-free">
                    <input
                      type="number"
                      min={1}
                      step="any"
                      inputMode="decimal"
                      aria-label={t("rewind.agoAmount")}
                      value={form.agoAmount}
                      onChange={(e) => set({ agoAmount: e.target.value })}
                    />
                    <select aria-label={t("rewind.agoUnit")} value={form.agoUnit} onChange={(e) => set({ agoUnit: e.target.value as AgoUnit })}>
                      {UNITS.map(([unit, key]) => (
                        <option key={unit} value={unit}>
                          {t(key)}
                        </option>
                      ))}
                    </select>
                    <span>{t("rewind.agoSuffix")}</span>
                  </span>
                </div>
              ) : (
                <div className="field">
                  <label htmlFor={`${id}-at`}>{t("rewind.at")}</label>
                  <input id={`${id}-at`} type="datetime-local" step={1} value={form.at} onChange={(e) => set({ at: e.target.value })} aria-describedby={`${id}-zone`} />
                  <span className="hint wide" id={`${id}-zone`} data-testid="rewind-zone">
                    {t("rewind.zone", { zone })}
                    {atIso ? ` ${t("rewind.sentAs", { iso: atIso })}` : ""}
                  </span>
                </div>
              )}
            </fieldset>
          )}

          {form.mode === "shift" && (
            <div className="field">
              <label htmlFor={`${id}-shift`}>{t("rewind.shiftBy")}</label>
              <input id={`${id}-shift`} inputMode="numeric" placeholder="-100" value={form.shiftBy} onChange={(e) => set({ shiftBy: e.target.value })} aria-describedby={`${id}-shift-hint`} />
              <span className="hint wide" id={`${id}-shift-hint`}>
                {t("rewind.shiftHint")}
              </span>
            </div>
          )}

          {form.mode === "offsets" && (
            <div className="table-wrap">
              <p className="hint wide">{t("rewind.offsetsHint")}</p>
              <table className="data" data-testid="rewind-offsets">
                <thead>
                  <tr>
                    <th scope="col">{t("queues.col.broker")}</th>
                    <th scope="col" className="num">{t("queues.col.queue")}</th>
                    <th scope="col" className="num">{t("queues.col.minOffset")}</th>
                    <th scope="col" className="num">{t("queues.col.maxOffset")}</th>
                    <th scope="col" className="num">{t("queues.col.committed")}</th>
                    <th scope="col">{t("rewind.col.newOffset")}</th>
                  </tr>
                </thead>
                <tbody>
                  {topics.map((topic) => (
                    <Fragment key={topic}>
                      <tr className="group-head">
                        <th scope="rowgroup" colSpan={6}>
                          {topic}
                        </th>
                      </tr>
                      {queues
                        .filter((q) => q.topic === topic)
                        .map((q) => {
                          const key = queueKeyOf(q);
                          return (
                            <tr key={key}>
                              <td>{q.brokerName}</td>
                              <td className="num">{q.queueId}</td>
                              <td className="num">{knownText(q.minOffset)}</td>
                              <td className="num">{knownText(q.brokerOffset)}</td>
                              <td className="num">{knownText(q.committedOffset)}</td>
                              <td>
                                <input
                                  className="offset-input"
                                  inputMode="numeric"
                                  aria-label={t("rewind.offsetOf", { queue: `${q.brokerName}/${q.queueId}`, topic })}
                                  value={form.offsets[key] ?? ""}
                                  onChange={(e) => set({ offsets: { ...form.offsets, [key]: e.target.value } })}
                                />
                              </td>
                            </tr>
                          );
                        })}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {form.mode !== "offsets" && (
            <fieldset className="choice">
              <legend>{t("rewind.scope")}</legend>
              {topics.length === 0 && <p className="muted">{t("rewind.noTopics")}</p>}
              {topics.map((topic) => (
                <label key={topic} className="check">
                  <input type="checkbox" checked={form.topics.includes(topic)} onChange={(e) => set({ topics: toggle(form.topics, topic, e.target.checked) })} /> {topic}
                </label>
              ))}
              <label className="check rewind-some">
                <input type="checkbox" checked={form.someQueues} onChange={(e) => set({ someQueues: e.target.checked })} /> {t("rewind.someQueues")}
              </label>
              {form.someQueues && (
                <div className="rewind-queue-pick">
                  {form.topics
                    .filter((topic) => topics.includes(topic))
                    .map((topic) => (
                      <div key={topic} role="group" aria-label={t("rewind.queuesOf", { topic })}>
                        <span className="muted small">{topic}</span>{" "}
                        {queues
                          .filter((q) => q.topic === topic)
                          .map((q) => {
                            const key = queueKeyOf(q);
                            return (
                              <label key={key} className="check">
                                <input type="checkbox" checked={form.queues.includes(key)} onChange={(e) => set({ queues: toggle(form.queues, key, e.target.checked) })} /> {q.brokerName}/{q.queueId}
                              </label>
                            );
                          })}
                      </div>
                    ))}
                </div>
              )}
            </fieldset>
          )}

          <div className="button-row">
            <button type="submit" className="primary" disabled={!allowed || !built.ok || preview.isPending} aria-describedby={reasonId ?? (built.ok ? undefined : `${id}-problem`)}>
              {preview.isPending ? t("rewind.previewing") : t("rewind.preview")}
            </button>
            {allowed && !built.ok && (
              <span className="muted" id={`${id}-problem`} role="status">
                {t(built.problem)}
              </span>
            )}
          </div>
        </fieldset>
      </form>
      {preview.error && !preview.isPending && (
        <p className="form-error" role="alert" data-testid="rewind-preview-error">
          {t("rewind.previewError", { message: preview.error.message })}
        </p>
      )}
    </section>
  );
}

