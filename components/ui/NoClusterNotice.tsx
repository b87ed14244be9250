"use client";

import { useT } from "@/lib/i18n/react";

export function NoClusterNotice() {
  const t = useT();
  return (
    <div className="notice" role="status" data-testid="no-cluster">
      <strong>{t("noCluster.title")}</strong>
      <p>{t.rich("noCluster.howto", { variable: <code>TIDEMARK_CLUSTERS</code> })}</p>
      <pre className="snippet">TIDEMARK_CLUSTERS=&quot;prod=10.0.0.1:9876;10.0.0.2:9876&quot; npm start</pre>
      <p className="muted">{t("noCluster.syntax")}</p>
    </div>
  );
}
