import { auditQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getAudit } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** Who did what, when, from where: newest first. */
export const GET = route({ role: "viewer", query: auditQuery }, ({ query }) => getAudit(query));
