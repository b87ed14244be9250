import { alertIdParams, alertSilenceInput } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { silenceAlertView } from "@/lib/services/alerts";

export const dynamic = "force-dynamic";

/** Mutes this alert's notifications for `minutes` (0 lifts the silence); the alert keeps being evaluated. */
export const POST = route(
  { role: "operator", params: alertIdParams, body: alertSilenceInput, audit: "alert.silence", auditTarget: ({ params, body }) => ({ target: `alert#${params.id}`, details: { minutes: body.minutes, comment: body.comment } }) },
  ({ params, body, caller }) => silenceAlertView(params.id, caller!.username, body.minutes, body.comment),
);
