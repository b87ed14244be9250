import { TokenManager } from "@/components/tokens/TokenManager";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const t = await getT();
  return (
    <>
      <h1>{t("tokens.title")}</h1>
      <p className="muted">{t.rich("tokens.intro", { header: <code>Authorization: Bearer &lt;token&gt;</code> })}</p>
      <TokenManager />
    </>
  );
}
