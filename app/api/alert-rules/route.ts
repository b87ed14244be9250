import { alertRuleInput } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { createRuleView, listRulesView } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, () => listRulesView());

export const POST = route(
  { role: "admin", body: alertRuleInput, audit: "alert-rule.create", auditTarget: ({ body }) => ({ target: `alert-rule:${body.name}`, details: { ...body } }) },
  ({ body, caller }) => createRuleView(body, caller!.username),
);
