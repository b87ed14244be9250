import { Suspense } from "react";
import { AuditLog } from "@/components/audit/AuditLog";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const t = await getT();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <Suspense>
        <AuditLog />
      </Suspense>
    </>
  );
}
