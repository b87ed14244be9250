"use client";

import { Fragment, useId, useState, type FormEvent } from "react";
import { RoleBadge, roleKey } from "@/components/auth/RoleBadge";
import { useSession } from "@/components/auth/Session";
import { useCreateUser, useUpdateUser, useUsers } from "@/components/hooks/useAuth";
import { dateTimeText } from "@/lib/api/format";
import { ROLE_ORDER } from "@/lib/api/roles";
import { useT } from "@/lib/i18n/react";
import { usernameSchema, type RoleName, type UserRow } from "@/lib/schemas";

const MIN_PASSWORD = 12;

type Notice = { kind: "ok" | "error"; text: string } | null;

/**
 * Users of the console (admins only). Anyone else sees the controls disabled with the reason; the server
 * refuses their requests anyway (403), the page only says so before they try.
 */
export function UserAdmin() {
  const t = useT();
  const session = useSession();
  const reasonId = useId();
  const isAdmin = session?.role === "admin";
  return (
    <>
      {!isAdmin && (
        <div className="notice" role="note" id={reasonId} data-testid="admin-only">
          {t("users.adminOnly")}
        </div>
      )}
      <CreateUserForm disabled={!isAdmin} reasonId={isAdmin ? undefined : reasonId} />
      {isAdmin && session && <UserTable self={session.username} />}
    </>
  );
}

function CreateUserForm({ disabled, reasonId }: { disabled: boolean; reasonId: string | undefined }) {
  const t = useT();
  const id = useId();
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setCreated(null);
    const name = username.trim();
    if (!usernameSchema.safeParse(name).success) return setProblem(t("users.usernameHint"));
    if (password.length < MIN_PASSWORD) return setProblem(t("users.passwordShort"));
    setProblem(null);
    create.mutate(
      { username: name, password, role },
      {
        onSuccess: (row) => {
          setCreated(row.username);
          setUsername("");
          setPassword("");
          setRole("viewer");
        },
      },
    );
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("users.create")}</h2>
      <form className="form form-row" onSubmit={submit} data-testid="create-user">
        <fieldset className="bare" disabled={disabled} aria-describedby={reasonId}>
          <div className="field">
            <label htmlFor={`${id}-username`}>{t("users.username")}</label>
            <input
              id={`${id}-username`}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              disabled={disabled}
              aria-describedby={reasonId ?? `${id}-username-hint`}
            />
            <span className="hint" id={`${id}-username-hint`}>
              {t("users.usernameHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t("users.password")}</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              maxLength={256}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              disabled={disabled}
              aria-describedby={reasonId ?? `${id}-password-hint`}
            />
            <span className="hint" id={`${id}-password-hint`}>
              {t("users.passwordHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t("users.role")}</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as RoleName)} disabled={disabled} aria-describedby={reasonId}>
              {ROLE_ORDER.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-action">
            <button type="submit" className="primary" disabled={disabled || create.isPending} aria-describedby={reasonId}>
              {create.isPending ? t("users.creating") : t("users.submit")}
            </button>
          </div>
        </fieldset>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {create.error && !create.isPending && (
        <p className="form-error" role="alert">
          {t("users.createError", { message: create.error.message })}
        </p>
      )}
      {created && (
        <p className="form-ok" role="status">
          {t("users.created", { username: created })}
        </p>
      )}
    </section>
  );
}

function UserTable({ self }: { self: string }) {
  const t = useT();
  const id = useId();
  const { data, error, isPending } = useUsers();
  const update = useUpdateUser();
  const [notice, setNotice] = useState<Notice>(null);
  const [passwordFor, setPasswordFor] = useState<number | null>(null);

  const change = (user: UserRow, changes: { role?: RoleName; disabled?: boolean; password?: string }, after?: () => void) => {
    setNotice(null);
    update.mutate(
      { id: user.id, ...changes },
      {
        onSuccess: () => {
          setNotice({ kind: "ok", text: t("users.updated", { username: user.username }) });
          after?.();
        },
        onError: (err) => setNotice({ kind: "error", text: t("users.updateError", { username: user.username, message: err.message }) }),
      },
    );
  };
  const busyWith = (user: UserRow) => update.isPending && update.variables?.id === user.id;

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("users.list")}</h2>
      {notice && (
        <p className={notice.kind === "ok" ? "form-ok" : "form-error"} role={notice.kind === "ok" ? "status" : "alert"}>
          {notice.text}
        </p>
      )}
      {error && <p className="bad">{t("users.loadError", { message: error.message })}</p>}
      {isPending && <p className="muted">{t("users.loading")}</p>}
      {data && data.users.length === 0 && <p className="muted">{t("users.none")}</p>}
      {data && data.users.length > 0 && (
        <div className="table-wrap">
          <table className="data" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t("users.col.username")}</th>
                <th scope="col">{t("users.col.role")}</th>
                <th scope="col">{t("users.col.status")}</th>
                <th scope="col">{t("users.col.created")}</th>
                <th scope="col">{t("users.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => {
                const isSelf = u.username === self;
                const busy = busyWith(u);
                const shownRole = busy && update.variables?.role ? update.variables.role : u.role;
                return (
                  <Fragment key={u.id}>
                    <tr data-testid={`user-row-${u.username}`}>
                      <th scope="row">
                        {u.username}
                        {isSelf && <span className="badge">{t("users.you")}</span>}
                      </th>
                      <td>
                        {isSelf ? (
                          <span title={t("users.self")}>
                            <RoleBadge role={u.role} />
                          </span>
                        ) : (
                          <select
                            aria-label={t("users.roleOf", { username: u.username })}
                            value={shownRole}
                            disabled={busy}
                            onChange={(e) => change(u, { role: e.target.value as RoleName })}
                          >
                            {ROLE_ORDER.map((r) => (
                              <option key={r} value={r}>
                                {t(roleKey(r))}
                              </option>
                            ))}
                          </select>
                        )}
                      </td>
                      <td data-testid="user-status">{u.disabled ? <span className="bad">{t("users.disabled")}</span> : <span className="ok">{t("users.active")}</span>}</td>
                      <td className="nowrap">{dateTimeText(u.createdAt, t.locale)}</td>
                      <td className="actions">
                        <button
                          type="button"
                          aria-label={t(u.disabled ? "users.enableOf" : "users.disableOf", { username: u.username })}
                          title={isSelf ? t("users.self") : undefined}
                          disabled={busy || isSelf}
                          onClick={() => change(u, { disabled: !u.disabled })}
                        >
                          {u.disabled ? t("users.enable") : t("users.disable")}
                        </button>
                        <button
                          type="button"
                          aria-label={t("users.setPasswordOf", { username: u.username })}
                          aria-expanded={passwordFor === u.id}
                          disabled={busy}
                          onClick={() => setPasswordFor(passwordFor === u.id ? null : u.id)}
                        >
                          {t("users.setPassword")}
                        </button>
                      </td>
                    </tr>
                    {passwordFor === u.id && (
                      <tr className="subrow">
                        <td colSpan={5}>
                          <PasswordForm
                            username={u.username}
                            busy={busy}
                            onCancel={() => setPasswordFor(null)}
                            onSave={(password) => change(u, { password }, () => setPasswordFor(null))}
                          />
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
  );
}

function PasswordForm({ username, busy, onSave, onCancel }: { username: string; busy: boolean; onSave: (password: string) => void; onCancel: () => void }) {
  const t = useT();
  const id = useId();
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setProblem(true);
    setProblem(false);
    onSave(password);
  };
  return (
    <form className="form form-row" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-pw`}>{t("users.newPassword", { username })}</label>
        <input id={`${id}-pw`} type="password" autoComplete="new-password" maxLength={256} value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={`${id}-hint`} />
        <span className={problem ? "hint bad" : "hint"} id={`${id}-hint`} role={problem ? "alert" : undefined}>
          {problem ? t("users.passwordShort") : t("users.passwordHint")}
        </span>
      </div>
      <div className="field field-action">
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy}>
            {t("users.save")}
          </button>
          <button type="button" onClick={onCancel}>
            {t("users.cancel")}
          </button>
        </div>
      </div>
    </form>
  );
}
