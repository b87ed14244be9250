import { alertIdParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { testChannelView } from "@/lib/services/channels";

export const dynamic = "force-dynamic";

/** Sends a test notification now; answers with the delivery (delivered, or failed with the reason). */
export const POST = route(
  { role: "admin", params: alertIdParams, audit: "channel.test", auditTarget: ({ params }) => ({ target: `channel#${params.id}` }) },
  ({ params }) => testChannelView(params.id),
);
