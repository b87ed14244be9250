"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useSession } from "@/components/auth/Session";
import { useAlertRules, useDeleteRule, useSaveRule } from "@/components/hooks/useAlerts";
import { DataAge } from "@/components/ui/DataAge";
import { canManageAlerting } from "@/lib/api/alerts";
import { dateTimeText, durationText } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { AlertRuleDto } from "@/lib/schemas";
import {
  buildRuleInput,
  CONDITION_KINDS,
  DURATION_UNITS,
  emptyRuleForm,
  RULE_STATUSES,
  ruleToForm,
  SEVERITIES,
  type ConditionKind,
  type DurationUnit,
  type RuleFormState,
  type Severity,
} from "./alertForms";
import { SEVERITY_KEYS } from "./AlertBits";

const KIND_KEYS: Readonly<Record<ConditionKind, PlainKey>> = {
  "lag-messages": "alerts.kind.lag-messages",
  "lag-seconds": "alerts.kind.lag-seconds",
  eta: "alerts.kind.eta",
  status: "alerts.kind.status",
  "no-clients": "alerts.kind.no-clients",
};
const UNIT_KEYS: Readonly<Record<DurationUnit, PlainKey>> = {
  seconds: "alerts.unit.seconds",
  minutes: "alerts.unit.minutes",
  hours: "alerts.unit.hours",
  days: "alerts.unit.days",
};

type Notice = { kind: "ok" | "error"; text: string } | null;
/** null: no form open; "new": creating; a number: editing that rule. */
type Editing = null | "new" | number;

/** The Rules tab: every rule (viewers read them), and for admins a form to create, edit and delete. */
export function RuleManager() {
  const t = useT();
  const session = useSession();
  const admin = canManageAlerting(session?.role);
  const { data, error, isPending, dataUpdatedAt } = useAlertRules();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const editedRule = typeof editing === "number" ? data?.rules.find((r) => r.id === editing) : undefined;

  const doDelete = (rule: AlertRuleDto) => {
    setNotice(null);
    remove.mutate(rule.id, {
      onSuccess: () => {
        setConfirming(null);
        if (editing === rule.id) setEditing(null);
        setNotice({ kind: "ok", text: t("alerts.rule.deleted", { name: rule.name }) });
      },
      onError: (err) => setNotice({ kind: "error", text: t("alerts.rule.deleteError", { name: rule.name, message: err.message }) }),
    });
  };

  return (
    <>
      {!admin && (
        <div className="notice" role="note" data-testid="rules-admin-only">
          {t("alerts.rule.adminOnly")}
        </div>
      )}
      {admin && editing === null && (
        <p>
          <button type="button" className="button primary" onClick={() => setEditing("new")} data-testid="rule-new">
            {t("alerts.rule.new")}
          </button>
        </p>
      )}
      {admin && editing !== null && (editing === "new" || editedRule) && (
        <RuleForm
          key={editing}
          rule={editedRule}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setNotice({ kind: "ok", text: t("alerts.rule.saved", { name: saved.name }) });
          }}
        />
      )}
      <section className="panel" aria-label={t("alerts.tab.rules")} data-testid="rule-list">
        <div className="panel-head">
          <h2>{t("alerts.rule.list")}</h2>
          <span className="spacer" />
          {data && <DataAge at={dataUpdatedAt} />}
        </div>
        {notice && (
          <p className={notice.kind === "ok" ? "form-ok" : "form-error"} role={notice.kind === "ok" ? "status" : "alert"}>
            {notice.text}
          </p>
        )}
        {error && (
          <p className="bad" role="alert">
            {t("alerts.rule.loadError", { message: error.message })}
          </p>
        )}
        {isPending && <p className="muted">{t("common.loading")}</p>}
        {data && data.rules.length === 0 && <p className="muted">{t("alerts.rule.none")}</p>}
        {data && data.rules.length > 0 && (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("alerts.rule.col.name")}</th>
                  <th scope="col">{t("alerts.rule.col.selects")}</th>
                  <th scope="col">{t("alerts.rule.col.condition")}</th>
                  <th scope="col">{t("alerts.rule.col.for")}</th>
                  <th scope="col">{t("alerts.col.severity")}</th>
                  <th scope="col" className="num">{t("alerts.rule.col.open")}</th>
                  <th scope="col">{t("alerts.rule.col.updated")}</th>
                  {admin && <th scope="col">{t("alerts.col.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {data.rules.map((r) => (
                  <tr key={r.id} data-testid={`rule-row-${r.id}`} data-rule-name={r.name} className={r.enabled ? undefined : "disabled-row"}>
                    <th scope="row">
                      {r.name}
                      {!r.enabled && <span className="badge">{t("alerts.rule.disabled")}</span>}
                    </th>
                    <td className="mono small">
                      {t("alerts.rule.patterns", { cluster: r.clusterPattern, group: r.groupPattern, topic: r.topicPattern })}
                    </td>
                    <td>{r.conditionText}</td>
                    <td className="nowrap">{r.forSeconds === 0 ? t("alerts.rule.forNow") : durationText(r.forSeconds * 1000)}</td>
                    <td>
                      <span className={`badge alert-severity alert-severity-${r.severity}`}>{t(SEVERITY_KEYS[r.severity])}</span>
                    </td>
                    <td className="num">{r.open}</td>
                    <td className="small">{t("alerts.rule.updatedBy", { who: r.updatedBy, time: dateTimeText(r.updatedAtMs, t.locale) })}</td>
                    {admin && (
                      <td className="actions">
                        {confirming === r.id ? (
                          <ConfirmDelete name={r.name} busy={remove.isPending && remove.variables === r.id} onConfirm={() => doDelete(r)} onCancel={() => setConfirming(null)} />
                        ) : (
                          <>
                            <button type="button" aria-label={t("alerts.rule.editOf", { name: r.name })} onClick={() => setEditing(r.id)}>
                              {t("alerts.edit")}
                            </button>
                            <button type="button" aria-label={t("alerts.rule.deleteOf", { name: r.name })} onClick={() => setConfirming(r.id)}>
                              {t("alerts.delete")}
                            </button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ConfirmDelete({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-label={t("alerts.confirmDelete", { name })}>
      <span>{t("alerts.confirmDelete", { name })}</span>
      <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
        {t("alerts.delete")}
      </button>
      <button type="button" ref={cancel} onClick={onCancel}>
        {t("alerts.cancel")}
      </button>
    </div>
  );
}

function DurationInput({ id, label, amount, unit, onChange, units = DURATION_UNITS, hint }: { id: string; label: string; amount: string; unit: DurationUnit; onChange: (amount: string, unit: DurationUnit) => void; units?: readonly DurationUnit[]; hint?: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="duration-input">
        <input id={id} type="number" min={0} step="any" inputMode="decimal" value={amount} onChange={(e) => onChange(e.target.value, unit)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <select aria-label={t("alerts.unit.label", { what: label })} value={unit} onChange={(e) => onChange(amount, e.target.value as DurationUnit)}>
          {units.map((u) => (
            <option key={u} value={u}>
              {t(UNIT_KEYS[u])}
            </option>
          ))}
        </select>
      </span>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** Create (no rule) or edit a rule; the server checks it again and says why it refuses. */
function RuleForm({ rule, onDone }: { rule: AlertRuleDto | undefined; onDone: (saved: AlertRuleDto | null) => void }) {
  const t = useT();
  const id = useId();
  const save = useSaveRule();
  const [form, setForm] = useState<RuleFormState>(() => (rule ? ruleToForm(rule) : emptyRuleForm()));
  const [tried, setTried] = useState(false);
  const set = (changes: Partial<RuleFormState>) => setForm((f) => ({ ...f, ...changes }));
  const built = buildRuleInput(form);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTried(true);
    if (!built.ok) return;
    save.mutate({ id: rule?.id ?? null, input: built.input }, { onSuccess: (saved) => onDone(saved) });
  };
  const title = rule ? t("alerts.rule.editTitle", { name: rule.name }) : t("alerts.rule.newTitle");

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="rule-form">
      <h2 id={`${id}-h`}>{title}</h2>
      <form className="form alert-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t("alerts.rule.name")}</label>
            <input id={`${id}-name`} maxLength={120} value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-severity`}>{t("alerts.col.severity")}</label>
            <select id={`${id}-severity`} value={form.severity} onChange={(e) => set({ severity: e.target.value as Severity })}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(SEVERITY_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
          <label className="check field-check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t("alerts.rule.enabled")}
          </label>
        </div>
        <fieldset className="choice">
          <legend>{t("alerts.rule.selects")}</legend>
          <div className="field">
            <label htmlFor={`${id}-cluster`}>{t("alerts.rule.clusterPattern")}</label>
            <input id={`${id}-cluster`} className="mono" value={form.clusterPattern} onChange={(e) => set({ clusterPattern: e.target.value })} aria-describedby={`${id}-glob`} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-group`}>{t("alerts.rule.groupPattern")}</label>
            <input id={`${id}-group`} className="mono" value={form.groupPattern} onChange={(e) => set({ groupPattern: e.target.value })} aria-describedby={`${id}-glob`} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-topic`}>{t("alerts.rule.topicPattern")}</label>
            <input id={`${id}-topic`} className="mono" value={form.topicPattern} onChange={(e) => set({ topicPattern: e.target.value })} aria-describedby={`${id}-glob`} />
          </div>
          <span className="hint wide" id={`${id}-glob`}>
            {t("alerts.rule.globHint")}
          </span>
        </fieldset>
        <fieldset className="choice">
          <legend>{t("alerts.rule.condition")}</legend>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t("alerts.rule.kind")}</label>
            <select id={`${id}-kind`} value={form.kind} onChange={(e) => set({ kind: e.target.value as ConditionKind })}>
              {CONDITION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEYS[k])}
                </option>
              ))}
            </select>
          </div>
          {form.kind === "lag-messages" && (
            <div className="field">
              <label htmlFor={`${id}-threshold`}>{t("alerts.rule.threshold")}</label>
              <input id={`${id}-threshold`} inputMode="numeric" value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />
            </div>
          )}
          {(form.kind === "lag-seconds" || form.kind === "eta") && (
            <DurationInput
              id={`${id}-bound`}
              label={t(form.kind === "eta" ? "alerts.rule.etaBound" : "alerts.rule.ageBound")}
              amount={form.boundAmount}
              unit={form.boundUnit}
              onChange={(boundAmount, boundUnit) => set({ boundAmount, boundUnit })}
              hint={form.kind === "eta" ? t("alerts.rule.etaHint") : undefined}
            />
          )}
          {form.kind === "status" && (
            <div className="field" role="group" aria-label={t("alerts.rule.statuses")}>
              <span className="label-like">{t("alerts.rule.statuses")}</span>
              <span>
                {RULE_STATUSES.map((s) => (
                  <label key={s} className="check">
                    <input
                      type="checkbox"
                      checked={form.statuses.includes(s)}
                      onChange={(e) => set({ statuses: e.target.checked ? [...form.statuses, s] : form.statuses.filter((x) => x !== s) })}
                    />{" "}
                    {s}
                  </label>
                ))}
              </span>
            </div>
          )}
          {form.kind === "no-clients" && <span className="hint wide">{t("alerts.rule.noClientsHint")}</span>}
          <DurationInput
            id={`${id}-for`}
            label={t("alerts.rule.for")}
            amount={form.forAmount}
            unit={form.forUnit}
            onChange={(forAmount, forUnit) => set({ forAmount, forUnit })}
            hint={t("alerts.rule.forHint")}
          />
        </fieldset>
        <div className="button-row">
          <button type="submit" className="primary" disabled={save.isPending || (tried && !built.ok)}>
            {save.isPending ? t("alerts.saving") : rule ? t("alerts.rule.save") : t("alerts.rule.create")}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {t("alerts.cancel")}
          </button>
          {!built.ok && (tried || form.name !== "") && (
            <span className="muted" role="status" data-testid="rule-problem">
              {t(built.problem)}
            </span>
          )}
        </div>
      </form>
      {save.error && !save.isPending && (
        <p className="form-error" role="alert" data-testid="rule-save-error">
          {t("alerts.rule.saveError", { message: save.error.message })}
        </p>
      )}
    </section>
  );
}
