import { route } from "@/lib/server/route";
import { getClusterSummaries } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, () => ({ clusters: getClusterSummaries() }));
