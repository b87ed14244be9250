"use client";

import { useId } from "react";
import { useSignOut } from "@/components/hooks/useAuth";
import { ApiRequestError } from "@/lib/api/fetchJson";
import { useT } from "@/lib/i18n/react";
import { RoleBadge } from "./RoleBadge";
import { useSession } from "./Session";

/** The sidebar's account box: who is signed in, their role, and "Sign out". */
export function UserMenu() {
  const t = useT();
  const session = useSession();
  const labelId = useId();
  const signOut = useSignOut();
  if (!session) return null;
  const leave = () =>
    signOut.mutate(undefined, {
      // A full page load (not router.push): the next user of this browser tab starts with an empty query cache and router cache.
      onSuccess: () => window.location.replace("/login"),
      onError: (err) => {
        // Already signed out (expired session): the login page is where we wanted to go anyway.
        if (err instanceof ApiRequestError && err.status === 401) window.location.replace("/login");
      },
    });
  const error = signOut.error;
  const failed = error !== null && !(error instanceof ApiRequestError && error.status === 401) ? error : null;
  return (
    <section className="user-menu" aria-labelledby={labelId} data-testid="user-menu">
      <span className="pref-label" id={labelId}>
        {t("user.signedInAs")}
      </span>
      <div className="user-line">
        <span className="user-name" data-testid="user-name" title={session.username}>
          {session.username}
        </span>
        <RoleBadge role={session.role} testId="role-badge" />
      </div>
      {session.via === "session" ? (
        <button type="button" className="sign-out" onClick={leave} disabled={signOut.isPending || signOut.isSuccess}>
          {signOut.isPending || signOut.isSuccess ? t("user.signingOut") : t("user.signOut")}
        </button>
      ) : session.authMode === "off" ? (
        <span className="user-note">{t("user.authOff")}</span>
      ) : null}
      {failed && (
        <p className="user-error" role="alert">
          {t("user.signOutError", { message: failed.message })}
        </p>
      )}
    </section>
  );
}
