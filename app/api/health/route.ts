import { route } from "@/lib/server/route";
import { getHealth } from "@/lib/services/health";

export const dynamic = "force-dynamic";

/** Liveness for anyone (load balancers); the clusters and the sampler only for signed-in callers. */
export const GET = route({ role: "public" }, ({ caller }) => getHealth(Date.now(), caller !== null));
