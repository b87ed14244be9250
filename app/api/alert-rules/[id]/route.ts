import { alertIdParams, alertRuleInput } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { deleteRuleView, updateRuleView } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

export const PUT = route(
  { role: "admin", params: alertIdParams, body: alertRuleInput, audit: "alert-rule.update", auditTarget: ({ params, body }) => ({ target: `alert-rule#${params.id}`, details: { ...body } }) },
  ({ params, body, caller }) => updateRuleView(params.id, body, caller!.username),
);

export const DELETE = route(
  { role: "admin", params: alertIdParams, audit: "alert-rule.delete", auditTarget: ({ params }) => ({ target: `alert-rule#${params.id}` }) },
  ({ params }) => deleteRuleView(params.id),
);
