"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { RoleBadge, roleKey } from "@/components/auth/RoleBadge";
import { useSession } from "@/components/auth/Session";
import { useCreateToken, useRevokeToken, useTokens } from "@/components/hooks/useAuth";
import { DataAge } from "@/components/ui/DataAge";
import { dateTimeText } from "@/lib/api/format";
import { rolesUpTo } from "@/lib/api/roles";
import { useT } from "@/lib/i18n/react";
import type { RoleName, TokenRow } from "@/lib/schemas";

type Notice = { kind: "ok" | "error"; text: string } | null;

/** The signed-in user's own API tokens: create (shown once), list, revoke. */
export function TokenManager() {
  const session = useSession();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  return (
    <>
      <CreateTokenForm ownRole={session?.role ?? "viewer"} onCreated={setCreated} />
      {created && <NewToken token={created.token} name={created.name} onDone={() => setCreated(null)} />}
      <TokenTable />
    </>
  );
}

function CreateTokenForm({ ownRole, onCreated }: { ownRole: RoleName; onCreated: (created: { token: string; name: string }) => void }) {
  const t = useT();
  const id = useId();
  const create = useCreateToken();
  const allowed = rolesUpTo(ownRole);
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === "") return;
    create.mutate(
      { name: trimmed, role: allowed.includes(role) ? role : "viewer" },
      {
        onSuccess: (res) => {
          onCreated({ token: res.token, name: res.row.name });
          setName("");
          setRole("viewer");
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("tokens.create")}</h2>
      <form className="form form-row" onSubmit={submit} data-testid="create-token">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("tokens.name")}</label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            placeholder={t("tokens.namePlaceholder")}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t("tokens.role")}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as RoleName)} aria-describedby={`${id}-role-hint`}>
            {allowed.map((r) => (
              <option key={r} value={r}>
                {t(roleKey(r))}
              </option>
            ))}
          </select>
          <span className="hint" id={`${id}-role-hint`}>
            {t("tokens.roleHint", { role: t(roleKey(ownRole)) })}
          </span>
        </div>
        <div className="field field-action">
          <button type="submit" className="primary" disabled={create.isPending || name.trim() === ""}>
            {create.isPending ? t("tokens.creating") : t("tokens.submit")}
          </button>
        </div>
      </form>
      {create.error && !create.isPending && (
        <p className="form-error" role="alert">
          {t("tokens.createError", { message: create.error.message })}
        </p>
      )}
    </section>
  );
}

/** The secret, once: it is not stored anywhere we can read it back (only its hash is). */
function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [token]);
  const doCopy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopy("copied");
    } catch {
      input.current?.select();
      setCopy("failed");
    }
  };
  return (
    <section className="panel new-token" aria-labelledby={`${id}-h`} data-testid="new-token">
      <h2 id={`${id}-h`}>{t("tokens.new", { name })}</h2>
      <div className="copy-row">
        <input ref={input} className="mono" readOnly value={token} aria-label={t("tokens.newLabel")} aria-describedby={`${id}-once`} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void doCopy()}>
          {copy === "copied" ? t("tokens.copied") : t("tokens.copy")}
        </button>
      </div>
      <p className="notice-text" id={`${id}-once`}>
        <strong>{t("tokens.once")}</strong>
      </p>
      {copy === "failed" && (
        <p className="form-error" role="alert">
          {t("tokens.copyFailed")}
        </p>
      )}
      <button type="button" onClick={onDone}>
        {t("tokens.done")}
      </button>
    </section>
  );
}

function TokenTable() {
  const t = useT();
  const id = useId();
  const { data, error, isPending, dataUpdatedAt } = useTokens();
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const doRevoke = (row: TokenRow) => {
    setNotice(null);
    revoke.mutate(row.id, {
      onSuccess: () => {
        setConfirming(null);
        setNotice({ kind: "ok", text: t("tokens.revoked", { name: row.name }) });
      },
      onError: (err) => setNotice({ kind: "error", text: t("tokens.revokeError", { name: row.name, message: err.message }) }),
    });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t("tokens.list")}</h2>
        {data && <DataAge at={dataUpdatedAt} />}
      </div>
      {notice && (
        <p className={notice.kind === "ok" ? "form-ok" : "form-error"} role={notice.kind === "ok" ? "status" : "alert"}>
          {notice.text}
        </p>
      )}
      {error && <p className="bad">{t("tokens.loadError", { message: error.message })}</p>}
      {isPending && <p className="muted">{t("tokens.loading")}</p>}
      {data && data.tokens.length === 0 && <p className="muted">{t("tokens.none")}</p>}
      {data && data.tokens.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="token-table">
            <thead>
              <tr>
                <th scope="col">{t("tokens.col.name")}</th>
                <th scope="col">{t("tokens.col.prefix")}</th>
                <th scope="col">{t("tokens.col.role")}</th>
                <th scope="col">{t("tokens.col.created")}</th>
                <th scope="col">{t("tokens.col.lastUsed")}</th>
                <th scope="col">{t("tokens.col.status")}</th>
                <th scope="col">{t("tokens.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((row) => (
                <tr key={row.id} data-testid={`token-row-${row.name}`} className={row.revokedAt !== null ? "revoked" : undefined}>
                  <th scope="row">{row.name}</th>
                  <td className="mono nowrap">{row.prefix}…</td>
                  <td>
                    <RoleBadge role={row.role} />
                  </td>
                  <td className="nowrap">{dateTimeText(row.createdAt, t.locale)}</td>
                  <td className="nowrap">{row.lastUsedAt === null ? <span className="muted">{t("tokens.never")}</span> : dateTimeText(row.lastUsedAt, t.locale)}</td>
                  <td data-testid="token-status">
                    {row.revokedAt === null ? <span className="ok">{t("tokens.active")}</span> : <span className="muted">{t("tokens.revokedAt", { time: dateTimeText(row.revokedAt, t.locale) })}</span>}
                  </td>
                  <td className="actions">
                    {row.revokedAt === null &&
                      (confirming === row.id ? (
                        <ConfirmRevoke
                          name={row.name}
                          busy={revoke.isPending && revoke.variables === row.id}
                          onConfirm={() => doRevoke(row)}
                          onCancel={() => setConfirming(null)}
                        />
                      ) : (
                        <button type="button" aria-label={t("tokens.revokeOf", { name: row.name })} onClick={() => setConfirming(row.id)}>
                          {t("tokens.revoke")}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ConfirmRevoke({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const cancel = useRef<HTMLButtonElement>(null);
  // The "Revoke" button the user pressed is gone: keep the keyboard focus on the safe choice.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-label={t("tokens.revokeOf", { name })}>
      <span>{t("tokens.confirm", { name })}</span>
      <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
        {t("tokens.confirmYes")}
      </button>
      <button type="button" ref={cancel} onClick={onCancel}>
        {t("tokens.cancel")}
      </button>
    </div>
  );
}
