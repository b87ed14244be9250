import { clusterParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getClusterOverview } from "@/lib/services/clusters";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: clusterParams }, ({ params }) => getClusterOverview(params.cluster));
