import { groupParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getProcessQueuesView } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: groupParams }, ({ params }) => getProcessQueuesView(params.cluster, params.group));
