"use client";

import { Fragment, useId, useState, type FormEvent } from "react";
import { useSession } from "@/components/auth/Session";
import { useChannels, useDeleteChannel, useSaveChannel, useTestChannel } from "@/components/hooks/useAlerts";
import { DataAge } from "@/components/ui/DataAge";
import { canManageAlerting } from "@/lib/api/alerts";
import { dateTimeText } from "@/lib/api/format";
import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { ChannelDto, DeliveryDto } from "@/lib/schemas";
import { buildChannelInput, CHANNEL_KINDS, channelToForm, emptyChannelForm, SEVERITIES, type ChannelFormState, type ChannelKind, type Severity } from "./alertForms";
import { DeliveryLine, SEVERITY_KEYS } from "./AlertBits";
import { ConfirmDelete } from "./RuleManager";

const KIND_KEYS: Readonly<Record<ChannelKind, PlainKey>> = {
  webhook: "alerts.channel.kind.webhook",
  slack: "alerts.channel.kind.slack",
  dingtalk: "alerts.channel.kind.dingtalk",
  feishu: "alerts.channel.kind.feishu",
};

type Notice = { kind: "ok" | "error"; text: string } | null;
type Editing = null | "new" | number;

/** The Channels tab (admins): where notifications go, with "Send test" and each channel's last delivery. */
export function ChannelManager() {
  const t = useT();
  const session = useSession();
  const admin = canManageAlerting(session?.role);
  if (!admin) {
    return (
      <div className="notice" role="note" data-testid="channels-admin-only">
        {t("alerts.channel.adminOnly")}
      </div>
    );
  }
  return <Channels />;
}

function Channels() {
  const t = useT();
  const { data, error, isPending, dataUpdatedAt } = useChannels();
  const remove = useDeleteChannel();
  const test = useTestChannel();
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  /** The answer of the latest "Send test" per channel (shown under its row). */
  const [tests, setTests] = useState<Record<number, { delivery: DeliveryDto } | { error: string }>>({});
  const editedChannel = typeof editing === "number" ? data?.channels.find((c) => c.id === editing) : undefined;

  const doDelete = (ch: ChannelDto) => {
    setNotice(null);
    remove.mutate(ch.id, {
      onSuccess: () => {
        setConfirming(null);
        if (editing === ch.id) setEditing(null);
        setNotice({ kind: "ok", text: t("alerts.channel.deleted", { name: ch.name }) });
      },
      onError: (err) => setNotice({ kind: "error", text: t("alerts.channel.deleteError", { name: ch.name, message: err.message }) }),
    });
  };
  const doTest = (ch: ChannelDto) => {
    setTests((m) => {
      const next = { ...m };
      delete next[ch.id];
      return next;
    });
    test.mutate(ch.id, {
      onSuccess: (delivery) => setTests((m) => ({ ...m, [ch.id]: { delivery } })),
      onError: (err) => setTests((m) => ({ ...m, [ch.id]: { error: err.message } })),
    });
  };

  return (
    <>
      {editing === null && (
        <p>
          <button type="button" className="button primary" onClick={() => setEditing("new")} data-testid="channel-new">
            {t("alerts.channel.new")}
          </button>
        </p>
      )}
      {editing !== null && (editing === "new" || editedChannel) && (
        <ChannelForm
          key={editing}
          channel={editedChannel}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setNotice({ kind: "ok", text: t("alerts.channel.saved", { name: saved.name }) });
          }}
        />
      )}
      <section className="panel" aria-label={t("alerts.tab.channels")} data-testid="channel-list">
        <div className="panel-head">
          <h2>{t("alerts.channel.list")}</h2>
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
            {t("alerts.channel.loadError", { message: error.message })}
          </p>
        )}
        {isPending && <p className="muted">{t("common.loading")}</p>}
        {data && data.channels.length === 0 && <p className="muted">{t("alerts.channel.none")}</p>}
        {data && data.channels.length > 0 && (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("alerts.channel.col.name")}</th>
                  <th scope="col">{t("alerts.channel.col.kind")}</th>
                  <th scope="col">{t("alerts.channel.col.url")}</th>
                  <th scope="col">{t("alerts.channel.col.minSeverity")}</th>
                  <th scope="col">{t("alerts.channel.col.last")}</th>
                  <th scope="col">{t("alerts.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.channels.map((ch) => {
                  const result = tests[ch.id];
                  const testing = test.isPending && test.variables === ch.id;
                  return (
                    <Fragment key={ch.id}>
                      <tr data-testid={`channel-row-${ch.id}`} data-channel-name={ch.name} className={ch.enabled ? undefined : "disabled-row"}>
                        <th scope="row">
                          {ch.name}
                          {!ch.enabled && <span className="badge">{t("alerts.channel.disabled")}</span>}
                        </th>
                        <td>{t(KIND_KEYS[ch.kind])}</td>
                        <td className="mono small channel-url">
                          {ch.urlMasked}
                          {ch.hasSecret && <span className="badge">{t("alerts.channel.signed")}</span>}
                        </td>
                        <td>{t(SEVERITY_KEYS[ch.minSeverity])}</td>
                        <td data-testid="channel-last-delivery">
                          {ch.lastDelivery ? (
                            <>
                              <DeliveryLine d={ch.lastDelivery} />
                              {ch.lastDelivery.deliveredAtMs === null && <div className="muted small">{t("alerts.channel.sentAt", { time: dateTimeText(ch.lastDelivery.createdAtMs, t.locale) })}</div>}
                            </>
                          ) : (
                            <span className="muted">{t("alerts.channel.noDelivery")}</span>
                          )}
                        </td>
                        <td className="actions">
                          {confirming === ch.id ? (
                            <ConfirmDelete name={ch.name} busy={remove.isPending && remove.variables === ch.id} onConfirm={() => doDelete(ch)} onCancel={() => setConfirming(null)} />
                          ) : (
                            <>
                              <button type="button" aria-label={t("alerts.channel.testOf", { name: ch.name })} disabled={testing} onClick={() => doTest(ch)}>
                                {testing ? t("alerts.channel.testing") : t("alerts.channel.test")}
                              </button>
                              <button type="button" aria-label={t("alerts.channel.editOf", { name: ch.name })} onClick={() => setEditing(ch.id)}>
                                {t("alerts.edit")}
                              </button>
                              <button type="button" aria-label={t("alerts.channel.deleteOf", { name: ch.name })} onClick={() => setConfirming(ch.id)}>
                                {t("alerts.delete")}
                              </button>
                            </>
                          )}
                        </td>
                      </tr>
                      {result && (
                        <tr className="subrow">
                          <td colSpan={6} data-testid={`channel-test-result-${ch.id}`} role="status">
                            {"error" in result ? (
                              <span className="bad">{t("alerts.channel.testError", { name: ch.name, message: result.error })}</span>
                            ) : (
                              <>
                                <strong>{t(result.delivery.state === "delivered" ? "alerts.channel.testDelivered" : result.delivery.state === "failed" ? "alerts.channel.testFailed" : "alerts.channel.testPending")}</strong>{" "}
                                <DeliveryLine d={result.delivery} />
                              </>
                            )}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function ChannelForm({ channel, onDone }: { channel: ChannelDto | undefined; onDone: (saved: ChannelDto | null) => void }) {
  const t = useT();
  const id = useId();
  const save = useSaveChannel();
  const editing = channel !== undefined;
  const [form, setForm] = useState<ChannelFormState>(() => (channel ? channelToForm(channel) : emptyChannelForm()));
  const [tried, setTried] = useState(false);
  const set = (changes: Partial<ChannelFormState>) => setForm((f) => ({ ...f, ...changes }));
  const built = buildChannelInput(form, editing);
  const signed = form.kind === "dingtalk" || form.kind === "feishu";

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTried(true);
    if (!built.ok) return;
    save.mutate({ id: channel?.id ?? null, input: built.input }, { onSuccess: (saved) => onDone(saved) });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="channel-form">
      <h2 id={`${id}-h`}>{channel ? t("alerts.channel.editTitle", { name: channel.name }) : t("alerts.channel.newTitle")}</h2>
      <form className="form alert-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t("alerts.channel.name")}</label>
            <input id={`${id}-name`} maxLength={120} value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t("alerts.channel.col.kind")}</label>
            <select id={`${id}-kind`} value={form.kind} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
              {CHANNEL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEYS[k])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-min`}>{t("alerts.channel.col.minSeverity")}</label>
            <select id={`${id}-min`} value={form.minSeverity} onChange={(e) => set({ minSeverity: e.target.value as Severity })}>
              {[...SEVERITIES].reverse().map((s) => (
                <option key={s} value={s}>
                  {t(SEVERITY_KEYS[s])}
                </option>
              ))}
            </select>
          </div>
          <label className="check field-check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t("alerts.channel.enabled")}
          </label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t("alerts.channel.url")}</label>
          <input id={`${id}-url`} className="mono wide-input" type="url" autoComplete="off" spellCheck={false} value={form.url} onChange={(e) => set({ url: e.target.value })} aria-describedby={`${id}-url-hint`} />
          <span className="hint wide" id={`${id}-url-hint`}>
            {t(`alerts.channel.urlHint.${form.kind}`)}
            {channel ? ` ${t("alerts.channel.urlAgain", { masked: channel.urlMasked })}` : ""}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{t("alerts.channel.secret")}</label>
          <input
            id={`${id}-secret`}
            className="mono wide-input"
            type="password"
            autoComplete="new-password"
            value={form.secret}
            disabled={form.removeSecret}
            onChange={(e) => set({ secret: e.target.value })}
            aria-describedby={`${id}-secret-hint`}
          />
          <span className="hint wide" id={`${id}-secret-hint`}>
            {signed ? t("alerts.channel.secretHint.signed") : t("alerts.channel.secretHint.other")}
            {channel?.hasSecret ? ` ${t("alerts.channel.secretKept")}` : ""}
          </span>
          {channel?.hasSecret && (
            <label className="check">
              <input type="checkbox" checked={form.removeSecret} onChange={(e) => set({ removeSecret: e.target.checked, secret: "" })} /> {t("alerts.channel.removeSecret")}
            </label>
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={save.isPending || (tried && !built.ok)}>
            {save.isPending ? t("alerts.saving") : channel ? t("alerts.channel.save") : t("alerts.channel.create")}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {t("alerts.cancel")}
          </button>
          {!built.ok && tried && (
            <span className="muted" role="status" data-testid="channel-problem">
              {t(built.problem)}
            </span>
          )}
        </div>
      </form>
      {save.error && !save.isPending && (
        <p className="form-error" role="alert" data-testid="channel-save-error">
          {t("alerts.channel.saveError", { message: save.error.message })}
        </p>
      )}
    </section>
  );
}
