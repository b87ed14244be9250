import { updateUserBody, userParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { changeUser } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** Role, enabled/disabled, password (a new password ends the user's other sessions). */
export const PATCH = route(
  {
    role: "admin",
    params: userParams,
    body: updateUserBody,
    audit: "user.update",
    auditTarget: ({ params, body }) => ({ target: `user#${params.id}`, details: { role: body.role, disabled: body.disabled, passwordChanged: body.password !== undefined } }),
  },
  ({ caller, params, body }) => changeUser(caller!, params.id, body),
);
