import { rewindIdParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { previewUndo } from "@/lib/services/rewind";

export const dynamic = "force-dynamic";

/** Undo = a new preview back to the rewind's "before" offsets; apply it like any preview. */
export const POST = route(
  { role: "operator", params: rewindIdParams, audit: "rewind.undo-preview", auditTarget: ({ params }) => ({ target: `rewind:${params.id}` }) },
  ({ params, caller }) => previewUndo(params.id, caller!),
);
