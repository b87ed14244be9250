import { route } from "@/lib/server/route";
import { me } from "@/lib/services/accounts";

export const dynamic = "force-dynamic";

/** The caller: username, role, how they authenticated, and whether authentication is on. */
export const GET = route({ role: "viewer" }, ({ caller }) => me(caller!));
