"use client";

import { useId, useRef, type FormEvent } from "react";
import { useSignIn } from "@/components/hooks/useAuth";
import { ApiRequestError } from "@/lib/api/fetchJson";
import { safeNextPath } from "@/lib/api/nextPath";
import { useT } from "@/lib/i18n/react";

/**
 * Username and password -> POST /api/auth/login (the server sets an httpOnly cookie) -> a full page load of
 * `next`. A refusal shows the server's own words: "Wrong username or password" for any wrong pair (the form
 * never says which part was wrong), or when to try again after too many attempts.
 */
export function LoginForm({ next }: { next: string }) {
  const t = useT();
  const id = useId();
  const signIn = useSignIn();
  const passwordRef = useRef<HTMLInputElement>(null);
  const busy = signIn.isPending || signIn.isSuccess;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    // Read from the form, not from state: a password manager's autofill may not have fired a change event.
    const data = new FormData(e.currentTarget);
    const username = String(data.get("username") ?? "").trim();
    const password = String(data.get("password") ?? "");
    signIn.mutate(
      { username, password },
      {
        // Checked again here: `next` came from the address bar.
        onSuccess: () => window.location.replace(safeNextPath(next)),
        onError: () => {
          if (passwordRef.current) {
            passwordRef.current.value = "";
            passwordRef.current.focus();
          }
        },
      },
    );
  };

  const err = signIn.error;
  const message = err === null ? null : err instanceof ApiRequestError && err.status === 0 ? t("login.unreachable") : err.message;
  return (
    <form className="form login-form" onSubmit={submit} aria-describedby={message ? `${id}-error` : undefined}>
      <div className="field">
        <label htmlFor={`${id}-username`}>{t("login.username")}</label>
        <input
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={64}
          readOnly={busy}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t("login.password")}</label>
        <input
          id={`${id}-password`}
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          readOnly={busy}
        />
      </div>
      {message && (
        <p className="form-error" role="alert" id={`${id}-error`} data-testid="login-error">
          {message}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}
