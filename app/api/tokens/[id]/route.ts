import { tokenParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { removeToken } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** Revokes one of the caller's tokens (an administrator may revoke anyone's). */
export const DELETE = route({ role: "viewer", params: tokenParams, audit: "token.revoke", auditTarget: ({ params }) => ({ target: `token#${params.id}` }) }, ({ caller, params }) => removeToken(caller!, params.id));
