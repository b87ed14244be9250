import { groupParams, historyQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getGroupHistory } from "@/lib/services/history";

export const dynamic = "force-dynamic";

/** Lag, rates, per-queue lag and catch-up ETA of one group over [from, to] (epoch ms), in steps of `step` ms. */
export const GET = route({ role: "viewer", params: groupParams, query: historyQuery }, ({ params, query }) => getGroupHistory(params.cluster, params.group, query));
