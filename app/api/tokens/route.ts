import { createTokenBody } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { addToken, getTokens } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** The caller's own API tokens. */
export const GET = route({ role: "viewer" }, ({ caller }) => getTokens(caller!));

/** A new token with a role no higher than the caller's; the token is in this answer only. */
export const POST = route(
  { role: "viewer", body: createTokenBody, audit: "token.create", auditTarget: ({ body }) => ({ target: `token:${body.name}`, details: { role: body.role } }) },
  ({ caller, body }) => addToken(caller!, body),
);
