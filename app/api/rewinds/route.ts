import { rewindListQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { listRewindsView } from "@/lib/services/rewind";

export const dynamic = "force-dynamic";

/** Applied rewinds, newest first, filtered by cluster, group, actor and outcome. */
export const GET = route({ role: "viewer", query: rewindListQuery }, ({ query }) => listRewindsView(query));
