import { z } from "zod";
import { route } from "@/lib/server/route";
import { setSandboxBrokerReachable } from "@/lib/services/sandbox";

export const dynamic = "force-dynamic";

/** Test-only control of the embedded sandbox (404 unless TIDEMARK_SANDBOX_CONTROL=1). */
export const POST = route(
  { role: "admin", params: z.object({ broker: z.string().min(1).max(64) }), body: z.object({ reachable: z.boolean() }) },
  ({ params, body }) => setSandboxBrokerReachable(params.broker, body.reachable),
);
