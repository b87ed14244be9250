import { getT } from "@/lib/i18n/server";

export default async function AuditPage() {
  const t = await getT();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <div className="panel muted">{t("audit.empty")}</div>
    </>
  );
}
