import { createUserBody } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { addUser, getUsers } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, () => getUsers());

export const POST = route(
  { role: "admin", body: createUserBody, audit: "user.create", auditTarget: ({ body }) => ({ target: `user:${body.username}`, details: { role: body.role } }) },
  ({ body }) => addUser(body),
);
