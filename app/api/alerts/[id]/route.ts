import { alertIdParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getAlertView } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

/** One alert with its evidence, notifications and the triage chart range. */
export const GET = route({ role: "viewer", params: alertIdParams }, ({ params }) => getAlertView(params.id));
