import { z } from "zod";
import { groupParams, rewindApplyBody } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { applyRewind } from "@/lib/services/rewind";

export const dynamic = "force-dynamic";

const params = groupParams.extend({ id: z.coerce.number().int().positive() });

/**
 * Apply a stored preview: needs a reason and the typed group name; 409 when the offsets drifted since
 * the preview (unless acceptDrift), when the preview expired or was already applied. Sends the reset
 * on every broker through its path, then verification runs in the background (poll GET /api/rewinds/{id}).
 */
export const POST = route(
  {
    role: "operator",
    params,
    body: rewindApplyBody,
    audit: "rewind.apply",
    auditTarget: ({ params, body }) => ({ target: `rewind:${params.id} group:${params.cluster}/${params.group}`, details: { reason: body.reason, acceptDrift: body.acceptDrift === true } }),
  },
  ({ params, body, caller }) => applyRewind(params.cluster, params.group, params.id, body, caller!),
);
