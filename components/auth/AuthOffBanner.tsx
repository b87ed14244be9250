"use client";

import { useT } from "@/lib/i18n/react";

/** On every console page while TIDEMARK_AUTH=off: nobody signs in, so everybody is an administrator. */
export function AuthOffBanner() {
  const t = useT();
  return (
    <div className="notice auth-off-banner" role="note" data-testid="auth-off-banner">
      <strong>{t.rich("authOff.body", { variable: <code>TIDEMARK_AUTH=off</code> })}</strong>
    </div>
  );
}
