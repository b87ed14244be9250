import { ClusterOverviewPanel } from "@/components/clusters/ClusterOverview";
import { NoClusterNotice } from "@/components/ui/NoClusterNotice";
import { SandboxBanner } from "@/components/ui/SandboxBanner";
import { getT } from "@/lib/i18n/server";
import { getClusterSummaries } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

export default async function ClustersPage() {
  const t = await getT();
  const clusters = getClusterSummaries();
  return (
    <>
      <h1>{t("clusters.title")}</h1>
      {clusters.some((c) => c.sandbox) && <SandboxBanner />}
      {clusters.length === 0 ? <NoClusterNotice /> : clusters.map((c) => <ClusterOverviewPanel key={c.name} cluster={c.name} sandbox={c.sandbox} />)}
    </>
  );
}
