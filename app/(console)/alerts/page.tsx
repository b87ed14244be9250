import { getT } from "@/lib/i18n/server";

export default async function AlertsPage() {
  const t = await getT();
  return (
    <>
      <h1>{t("alerts.title")}</h1>
      <div className="panel muted">{t("alerts.empty")}</div>
    </>
  );
}
