import { clusterHistoryQuery, clusterParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getClusterHistory } from "@/lib/services/history";

export const dynamic = "force-dynamic";

/** Total backlog of the cluster per sampler cycle, and the most lagging groups of the last cycle. */
export const GET = route({ role: "viewer", params: clusterParams, query: clusterHistoryQuery }, ({ params, query }) => getClusterHistory(params.cluster, query));
