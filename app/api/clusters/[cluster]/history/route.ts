import { z } from "zod";
import { clusterParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getClusterHistory } from "@/lib/services/history";

export const dynamic = "force-dynamic";

const query = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    step: z.coerce.number().int().min(1_000).max(86_400_000).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: "from must be before to" });

/** Total backlog of the cluster per sampler cycle, and the most lagging groups of the last cycle. */
export const GET = route({ role: "viewer", params: clusterParams, query }, ({ params, query }) => getClusterHistory(params.cluster, query));
