import { alertAckInput, alertIdParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { acknowledgeAlert } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

export const POST = route(
  { role: "operator", params: alertIdParams, body: alertAckInput, audit: "alert.ack", auditTarget: ({ params, body }) => ({ target: `alert#${params.id}`, details: { comment: body.comment } }) },
  ({ params, body, caller }) => acknowledgeAlert(params.id, caller!.username, body.comment),
);
