import { route } from "@/lib/server/route";
import { signOut } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** Ends the session (if any) and clears the cookie; public so that an expired session can still sign out. */
export const POST = route({ role: "public" }, ({ req }) => signOut(req));
