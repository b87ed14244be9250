import { alertIdParams, channelUpdateInput } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { deleteChannelView, updateChannelView } from "@/lib/services/channels";

export const dynamic = "force-dynamic";

export const PUT = route(
  { role: "admin", params: alertIdParams, body: channelUpdateInput, audit: "channel.update", auditTarget: ({ params, body }) => ({ target: `channel#${params.id}`, details: { kind: body.kind, minSeverity: body.minSeverity, enabled: body.enabled } }) },
  ({ params, body, caller }) => updateChannelView(params.id, body, caller!.username),
);

export const DELETE = route(
  { role: "admin", params: alertIdParams, audit: "channel.delete", auditTarget: ({ params }) => ({ target: `channel#${params.id}` }) },
  ({ params }) => deleteChannelView(params.id),
);
