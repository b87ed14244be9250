"use client";

import { useT } from "@/lib/i18n/react";

export function SandboxBanner() {
  const t = useT();
  return (
    <div className="notice sandbox-banner" role="note" data-testid="sandbox-banner">
      {t.rich("sandbox.body", { title: <strong>{t("sandbox.title")}</strong>, variable: <code>TIDEMARK_CLUSTERS</code> })}
    </div>
  );
}
