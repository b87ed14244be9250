import { clusterParams, groupListQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { listGroups } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: clusterParams, query: groupListQuery }, ({ params, query }) => listGroups(params.cluster, query));
