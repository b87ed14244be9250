import { groupParams, rewindPreviewBody } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { previewRewind } from "@/lib/services/rewind";

export const dynamic = "force-dynamic";

/**
 * Preview a rewind (mandatory before apply): reads the group's offsets and the brokers' reset paths,
 * plans every queue and stores the preview. Nothing is sent to any broker.
 */
export const POST = route(
  {
    role: "operator",
    params: groupParams,
    body: rewindPreviewBody,
    audit: "rewind.preview",
    auditTarget: ({ params, body }) => ({ target: `group:${params.cluster}/${params.group}`, details: { mode: body.mode.kind, topics: body.scope.topics } }),
  },
  ({ params, body, caller }) => previewRewind(params.cluster, params.group, body, caller!),
);
