import { clusterParams, sparklineQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getSparklines } from "@/lib/services/history";

export const dynamic = "force-dynamic";

/** Lag of several groups over the last `minutes` (for the group list's sparklines). */
export const GET = route({ role: "viewer", params: clusterParams, query: sparklineQuery }, ({ params, query }) => getSparklines(params.cluster, query));
