import { channelInput } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { createChannelView, listChannelsView } from "@/lib/services/channels";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, () => listChannelsView());

export const POST = route(
  { role: "admin", body: channelInput, audit: "channel.create", auditTarget: ({ body }) => ({ target: `channel:${body.name}`, details: { kind: body.kind, minSeverity: body.minSeverity, enabled: body.enabled } }) },
  ({ body, caller }) => createChannelView(body, caller!.username),
);
