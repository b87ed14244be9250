import { groupParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getGroupDetail } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: groupParams }, ({ params }) => getGroupDetail(params.cluster, params.group));
