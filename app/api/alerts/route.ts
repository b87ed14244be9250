import { alertListQuery } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { listAlertsView } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

/** Alerts, firing first (critical before warning before info), then pending, then resolved. */
export const GET = route({ role: "viewer", query: alertListQuery }, ({ query }) => listAlertsView(query));
