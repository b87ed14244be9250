import { groupParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getGroupClientsView } from "@/lib/services/groups";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: groupParams }, ({ params }) => getGroupClientsView(params.cluster, params.group));
