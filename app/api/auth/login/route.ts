import { loginBody } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { signIn } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** Password sign-in: sets the session cookie. Throttled per username and per address; audited by login(). */
export const POST = route({ role: "public", body: loginBody, audit: false }, ({ req, body }) => signIn(req, body));
